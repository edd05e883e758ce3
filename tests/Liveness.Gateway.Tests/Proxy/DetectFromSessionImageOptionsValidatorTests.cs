using Liveness.Gateway.Proxy;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary><c>Face:DetectFromSessionImage</c> is checked against what Face's detection accepts, each failure saying how to fix it.</summary>
public sealed class DetectFromSessionImageOptionsValidatorTests
{
    private readonly DetectFromSessionImageOptionsValidator _validator = new();

    [Theory]
    [InlineData("detection_01", "recognition_04", "accessories,blur,exposure,glasses,headPose,noise,occlusion,qualityForRecognition")]
    [InlineData("detection_03", "recognition_03", "headPose,mask,qualityForRecognition")]
    [InlineData("detection_02", "recognition_01", "")]
    public void Validate_AttributesTheDetectionModelReturns_Succeeds(string detection, string recognition, string attributes)
    {
        var options = new DetectFromSessionImageOptions
        {
            DetectionModel = detection,
            RecognitionModel = recognition,
            FaceAttributes = attributes.Split(',', StringSplitOptions.RemoveEmptyEntries),
        };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("detection_03", "recognition_04", "glasses", "which detection_03 does not return")]
    [InlineData("detection_02", "recognition_04", "headPose", "detection_02 returns no attributes")]
    [InlineData("detection_01", "recognition_02", "qualityForRecognition", "recognition_03 or recognition_04")]
    [InlineData("detection_01", "recognition_04", "smile", "Limited Access")]
    [InlineData("detection_03", "recognition_04", "mask,mask", "twice")]
    public void Validate_AttributeFaceWouldRefuse_FailsSayingWhy(string detection, string recognition, string attributes, string expected)
    {
        var options = new DetectFromSessionImageOptions { DetectionModel = detection, RecognitionModel = recognition, FaceAttributes = attributes.Split(',') };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LandmarksWithDetection02_Fails()
    {
        var result = _validator.Validate(null, new DetectFromSessionImageOptions { DetectionModel = "detection_02", ReturnFaceLandmarks = true });

        Assert.Contains("ReturnFaceLandmarks", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void FaceQuery_Defaults_AskTheLeast_NoFaceIdTimeToLiveWithoutFaceId()
    {
        var query = new DetectFromSessionImageOptions().FaceQuery();

        Assert.Equal(
            "detectionModel=detection_03&recognitionModel=recognition_04&returnFaceId=false&returnFaceLandmarks=false&returnRecognitionModel=false",
            string.Join('&', query.Select(p => $"{p.Key}={p.Value}")));
    }
}
