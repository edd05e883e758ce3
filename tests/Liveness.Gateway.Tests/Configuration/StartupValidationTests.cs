using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Configuration;

/// <summary>A bad or missing setting stops startup with one clear line that says how to fix it.</summary>
public sealed class StartupValidationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("Face:Endpoint", "", "Face:Endpoint")]
    [InlineData("Face:Endpoint", "not a url", "Face:Endpoint")]
    [InlineData("Face:ApiKey", "", "Face:ApiKey")]
    [InlineData("Face:ApiVersion", "v1.0", "Face:ApiVersion")]
    [InlineData("Sessions:AuthTokenTimeToLiveInSeconds", "30", "Sessions:AuthTokenTimeToLiveInSeconds")]
    [InlineData("Sessions:RecordTimeToLive", "01:00:00", "Sessions:RecordTimeToLive")]
    [InlineData("Sessions:DefaultLivenessOperationMode", "Active", "Sessions:DefaultLivenessOperationMode")]
    [InlineData("Sessions:MaxConcurrentVerifyUploads", "0", "Sessions:MaxConcurrentVerifyUploads")]
    [InlineData("Sessions:ClientResultView", "7", "Sessions:ClientResultView")]
    [InlineData("Sessions:DeleteAtFace", "7", "Sessions:DeleteAtFace")]
    [InlineData("Sessions:FaceRetention", "2.00:00:00", "Sessions:FaceRetention")]
    [InlineData("Sessions:AbandonedSessionMargin", "-00:01:00", "Sessions:AbandonedSessionMargin")]
    [InlineData("Sessions:Sweeper:BudgetShare", "0.9", "Sessions:Sweeper:BudgetShare")]
    [InlineData("Liveness:Verdicts:TimeToLive", "00:00:10", "Liveness:Verdicts:TimeToLive")]
    [InlineData("RateLimiting:FailedChecks:PermitLimit", "0", "RateLimiting:FailedChecks:PermitLimit")]
    [InlineData("RateLimiting:FailedChecks:Cooldown", "2.00:00:00", "RateLimiting:FailedChecks:Cooldown")]
    [InlineData("ConnectionStrings:Redis", "", "ConnectionStrings:Redis")]
    [InlineData("Authentication:Schemes:Bearer:ValidAudiences:0", "", "ValidAudiences")]
    [InlineData("Cors:AllowedOrigins:0", "https://app.example.com/path", "Cors:AllowedOrigins")]
    [InlineData("Cors:AllowedOrigins:0", "*", "Cors:AllowedOrigins")]
    [InlineData("Cors:AllowedHeaders:0", "*", "Cors:AllowedHeaders")]
    [InlineData("Cors:AllowedHeaders:0", "X Request Id", "Cors:AllowedHeaders")]
    [InlineData("Gateway:PublicBaseUrl", "api.example.com", "Gateway:PublicBaseUrl")]
    [InlineData("Gateway:PublicBaseUrl", "ftp://api.example.com", "Gateway:PublicBaseUrl")]
    [InlineData("Gateway:PublicBaseUrl", "https://api.example.com/?x=1", "Gateway:PublicBaseUrl")]
    [InlineData("Shutdown:DrainTimeout", "00:00:00", "Shutdown:DrainTimeout")]
    [InlineData("Shutdown:ReadinessDelay", "00:01:00", "Shutdown:ReadinessDelay")]
    [InlineData("Management:Port", "70000", "Management:Port")]
    [InlineData("Management:Host", "not a host!", "Management:Host")]
    [InlineData("Resilience:Face:FailureRatio", "0", "Resilience:Face:FailureRatio")]
    [InlineData("Resilience:Face:MaxRetryAttempts", "50", "Resilience:Face:MaxRetryAttempts")]
    [InlineData("Face:DetectFromSessionImage:DetectionModel", "detection_04", "Face:DetectFromSessionImage:DetectionModel")]
    [InlineData("Face:DetectFromSessionImage:RecognitionModel", "recognition_9", "Face:DetectFromSessionImage:RecognitionModel")]
    [InlineData("Face:DetectFromSessionImage:FaceAttributes:0", "glasses", "Face:DetectFromSessionImage:FaceAttributes")]
    [InlineData("Face:DetectFromSessionImage:FaceAttributes:0", "age", "Limited Access")]
    [InlineData("Face:DetectFromSessionImage:ReturnRecognitionModel", "true", "Face:DetectFromSessionImage:ReturnRecognitionModel")]
    [InlineData("Face:DetectFromSessionImage:FaceIdTimeToLiveInSeconds", "59", "Face:DetectFromSessionImage:FaceIdTimeToLiveInSeconds")]
    public async Task Start_InvalidSetting_FailsWithMessageNamingIt(string key, string value, string expected)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(gateway.StartServer);

        var invalid = StartupFailures.FindValidationFailure(failure);
        Assert.True(invalid is not null, $"expected an options validation failure, got {failure}");
        Assert.Contains(expected, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ValidSettings_Starts()
    {
        await using var gateway = fixture.CreateGateway();
        gateway.StartServer();
    }
}
