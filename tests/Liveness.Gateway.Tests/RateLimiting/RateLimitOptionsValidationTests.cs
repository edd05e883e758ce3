using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.RateLimiting;

/// <summary>A bad rate-limit setting stops the gateway's startup with a message naming it (the messages themselves: the policies' validator tests).</summary>
public sealed class RateLimitOptionsValidationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("RateLimiting:SessionCreation:PermitLimit", "0")]
    [InlineData("RateLimiting:SessionReads:Window", "00:00:00.500")]
    [InlineData("RateLimiting:Upstream:PermitsPerSecond", "0")]
    public async Task Start_InvalidRateLimitSetting_FailsWithMessageNamingIt(string key, string value)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(gateway.StartServer);

        var invalid = StartupFailures.FindValidationFailure(failure);
        Assert.True(invalid is not null, $"expected an options validation failure, got {failure}");
        Assert.Contains(key, invalid.Message, StringComparison.Ordinal);
    }
}
