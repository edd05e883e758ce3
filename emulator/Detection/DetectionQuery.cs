using System.Globalization;
using Liveness.Emulator.Errors;

namespace Liveness.Emulator.Detection;

/// <summary>
/// The query parameters of <c>POST detect</c>, with Face's defaults (<c>detection_01</c>, <c>recognition_01</c>,
/// face ids on for 86400 s, no landmarks, no attributes), checked as Face checks them: known models, attributes the
/// detection model returns, landmarks not with <c>detection_02</c>, a face id lifetime of 60 to 86400 seconds.
/// </summary>
internal sealed record DetectionQuery(
    string DetectionModel,
    string RecognitionModel,
    bool ReturnFaceId,
    bool ReturnFaceLandmarks,
    bool ReturnRecognitionModel,
    IReadOnlyList<string> FaceAttributes,
    int FaceIdTimeToLive)
{
    private static readonly Dictionary<string, string[]> AttributesByDetectionModel = new(StringComparer.Ordinal)
    {
        ["detection_01"] = ["accessories", "blur", "exposure", "glasses", "headPose", "noise", "occlusion", "qualityForRecognition", "age", "smile", "facialHair", "hair"],
        ["detection_02"] = [],
        ["detection_03"] = ["headPose", "mask", "qualityForRecognition"],
    };

    private static readonly string[] RecognitionModels = ["recognition_01", "recognition_02", "recognition_03", "recognition_04"];

    /// <summary>The query as Face reads it, or the error Face answers.</summary>
    public static (DetectionQuery? Query, FaceErrorResult? Error) Read(IQueryCollection query)
    {
        var detection = Text(query, "detectionModel") ?? "detection_01";
        var recognition = Text(query, "recognitionModel") ?? "recognition_01";
        if (!AttributesByDetectionModel.TryGetValue(detection, out var supported))
        {
            return (null, FaceErrors.BadArgument("Invalid argument detectionModel."));
        }

        if (!RecognitionModels.Contains(recognition, StringComparer.Ordinal))
        {
            return (null, FaceErrors.BadArgument("Invalid argument recognitionModel."));
        }

        if (!Flag(query, "returnFaceId", true, out var faceId)
            || !Flag(query, "returnFaceLandmarks", false, out var landmarks)
            || !Flag(query, "returnRecognitionModel", false, out var model))
        {
            return (null, FaceErrors.BadArgument("Invalid argument: a boolean parameter is not 'true' or 'false'."));
        }

        var ttl = 86400;
        if (Text(query, "faceIdTimeToLive") is { } ttlText
            && (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out ttl) || ttl is < 60 or > 86400))
        {
            return (null, FaceErrors.BadArgument("Invalid argument faceIdTimeToLive. Supported range is 60 to 86400."));
        }

        var attributes = Text(query, "returnFaceAttributes")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (attributes.FirstOrDefault(a => !supported.Contains(a, StringComparer.Ordinal)) is { } unsupported)
        {
            return (null, FaceErrors.BadArgument($"Invalid argument returnFaceAttributes: '{unsupported}' is not supported by {detection}."));
        }

        if (landmarks && detection == "detection_02")
        {
            return (null, FaceErrors.BadArgument("Invalid argument returnFaceLandmarks: detection_02 does not return landmarks."));
        }

        return (new DetectionQuery(detection, recognition, faceId, landmarks, model, attributes, ttl), null);
    }

    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static bool Flag(IQueryCollection query, string name, bool fallback, out bool value)
    {
        value = fallback;
        return Text(query, name) is not { } text || bool.TryParse(text, out value);
    }
}
