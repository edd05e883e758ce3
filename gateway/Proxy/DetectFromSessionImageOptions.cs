using System.Globalization;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What the gateway asks of Face's detection on a session image (section <c>Face:DetectFromSessionImage</c>): every
/// query parameter of the call, fixed here and never taken from the client. The defaults return the least: face
/// rectangles only, no face id, no landmarks, no attributes.
/// </summary>
internal sealed record DetectFromSessionImageOptions
{
    public const string SectionName = "Face:DetectFromSessionImage";

    /// <summary>Face's detection models.</summary>
    public static readonly IReadOnlyList<string> DetectionModels = ["detection_01", "detection_02", "detection_03"];

    /// <summary>Face's recognition models.</summary>
    public static readonly IReadOnlyList<string> RecognitionModels = ["recognition_01", "recognition_02", "recognition_03", "recognition_04"];

    /// <summary>The recognition models with which Face rates <c>qualityForRecognition</c>.</summary>
    public static readonly IReadOnlyList<string> QualityRatingRecognitionModels = ["recognition_03", "recognition_04"];

    /// <summary>Face's Limited Access attributes: never asked for by the gateway.</summary>
    public static readonly IReadOnlyList<string> LimitedAccessAttributes = ["age", "smile", "facialHair", "hair"];

    /// <summary>
    /// The attributes each detection model returns (Face v1.2; <c>qualityForRecognition</c> also needs a recognition
    /// model of <see cref="QualityRatingRecognitionModels"/>). <c>detection_02</c> returns none, and no landmarks.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> AttributesByDetectionModel = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["detection_01"] = ["accessories", "blur", "exposure", "glasses", "headPose", "noise", "occlusion", "qualityForRecognition"],
        ["detection_02"] = [],
        ["detection_03"] = ["headPose", "mask", "qualityForRecognition"],
    };

    /// <summary>Face's <c>detectionModel</c>; default <c>detection_03</c> (Face's most accurate).</summary>
    public string DetectionModel { get; init; } = "detection_03";

    /// <summary>Face's <c>recognitionModel</c>; default <c>recognition_04</c> (Face's most accurate).</summary>
    public string RecognitionModel { get; init; } = "recognition_04";

    /// <summary>The face attributes asked for (<c>returnFaceAttributes</c>), each one the detection model returns; default none.</summary>
    public IReadOnlyList<string> FaceAttributes { get; init; } = [];

    /// <summary>Whether Face returns a face id per face (<c>returnFaceId</c>, Face's own default is true); default false.</summary>
    public bool ReturnFaceId { get; init; }

    /// <summary>Whether Face returns the 27 landmarks per face (<c>returnFaceLandmarks</c>); default false.</summary>
    public bool ReturnFaceLandmarks { get; init; }

    /// <summary>Whether Face names the recognition model per face (<c>returnRecognitionModel</c>; needs <see cref="ReturnFaceId"/>); default false.</summary>
    public bool ReturnRecognitionModel { get; init; }

    /// <summary>How long Face keeps a returned face id (<c>faceIdTimeToLive</c>, 60 to 86400, sent only with <see cref="ReturnFaceId"/>); default 60, the shortest.</summary>
    public int FaceIdTimeToLiveInSeconds { get; init; } = 60;

    /// <summary>The query string Face gets, in a fixed order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FaceQuery()
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("detectionModel", DetectionModel),
            new("recognitionModel", RecognitionModel),
            new("returnFaceId", ReturnFaceId ? "true" : "false"),
            new("returnFaceLandmarks", ReturnFaceLandmarks ? "true" : "false"),
            new("returnRecognitionModel", ReturnRecognitionModel ? "true" : "false"),
        };
        if (FaceAttributes.Count > 0)
        {
            query.Add(new("returnFaceAttributes", string.Join(',', FaceAttributes)));
        }

        if (ReturnFaceId)
        {
            query.Add(new("faceIdTimeToLive", FaceIdTimeToLiveInSeconds.ToString(CultureInfo.InvariantCulture)));
        }

        return query;
    }
}
