using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Startup validation of <see cref="DetectFromSessionImageOptions"/> against what Face's detection accepts, so that a
/// setting Face would refuse on every call stops startup instead; each failure says how to fix the setting.
/// </summary>
internal sealed class DetectFromSessionImageOptionsValidator : IValidateOptions<DetectFromSessionImageOptions>
{
    private const string Section = DetectFromSessionImageOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DetectFromSessionImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var detectionModelKnown = DetectFromSessionImageOptions.DetectionModels.Contains(options.DetectionModel, StringComparer.Ordinal);
        if (!detectionModelKnown)
        {
            failures.Add($"{Section}:DetectionModel '{options.DetectionModel}' is not one of Face's: use {string.Join(", ", DetectFromSessionImageOptions.DetectionModels)}.");
        }

        if (!DetectFromSessionImageOptions.RecognitionModels.Contains(options.RecognitionModel, StringComparer.Ordinal))
        {
            failures.Add($"{Section}:RecognitionModel '{options.RecognitionModel}' is not one of Face's: use {string.Join(", ", DetectFromSessionImageOptions.RecognitionModels)}.");
        }

        if (detectionModelKnown)
        {
            failures.AddRange(AttributeFailures(options));
            if (options.ReturnFaceLandmarks && options.DetectionModel == "detection_02")
            {
                failures.Add($"{Section}:ReturnFaceLandmarks is true but detection_02 returns no landmarks: set it to false, or use detection_01 or detection_03.");
            }
        }

        if (options.ReturnRecognitionModel && !options.ReturnFaceId)
        {
            failures.Add($"{Section}:ReturnRecognitionModel is true but Face names the model only with a face id: set ReturnFaceId to true, or ReturnRecognitionModel to false.");
        }

        if (options.FaceIdTimeToLiveInSeconds is < 60 or > 86400)
        {
            failures.Add($"{Section}:FaceIdTimeToLiveInSeconds is {options.FaceIdTimeToLiveInSeconds}: set 60 to 86400 seconds (Face's range).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> AttributeFailures(DetectFromSessionImageOptions options)
    {
        var supported = DetectFromSessionImageOptions.AttributesByDetectionModel[options.DetectionModel];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in options.FaceAttributes)
        {
            if (!seen.Add(attribute))
            {
                yield return $"{Section}:FaceAttributes lists '{attribute}' twice: list each attribute once.";
            }
            else if (DetectFromSessionImageOptions.LimitedAccessAttributes.Contains(attribute, StringComparer.Ordinal))
            {
                yield return $"{Section}:FaceAttributes lists '{attribute}', one of Face's Limited Access attributes, which the gateway never asks for: remove it.";
            }
            else if (!supported.Contains(attribute, StringComparer.Ordinal))
            {
                yield return supported.Count == 0
                    ? $"{Section}:FaceAttributes lists '{attribute}' but {options.DetectionModel} returns no attributes: remove them, or use detection_01 or detection_03."
                    : $"{Section}:FaceAttributes lists '{attribute}', which {options.DetectionModel} does not return: use only {string.Join(", ", supported)} (names as Face spells them).";
            }
            else if (attribute == "qualityForRecognition" && !DetectFromSessionImageOptions.QualityRatingRecognitionModels.Contains(options.RecognitionModel, StringComparer.Ordinal))
            {
                yield return $"{Section}:FaceAttributes lists 'qualityForRecognition', which Face rates only with recognition_03 or recognition_04: set RecognitionModel to one of them, or remove it.";
            }
        }
    }
}
