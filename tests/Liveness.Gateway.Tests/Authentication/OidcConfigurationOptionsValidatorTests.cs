using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Authentication;

/// <summary>
/// A refresh setting that would hold requests too long, or keep removed keys valid for hours, stops startup
/// with a line naming it. (Zero or negative intervals are already refused by JwtBearer itself.)
/// </summary>
public sealed class OidcConfigurationOptionsValidatorTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("Authentication:Schemes:Bearer:BackchannelTimeout", "00:05:00")]
    [InlineData("Authentication:Schemes:Bearer:AutomaticRefreshInterval", "12:00:00")]
    [InlineData("Authentication:Schemes:Bearer:AutomaticRefreshInterval", "soon")]
    public async Task Start_InvalidRefreshSetting_FailsWithMessageNamingIt(string key, string value)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { [key] = value });

        var failure = Record.Exception(gateway.StartServer);

        var invalid = StartupFailures.FindValidationFailure(failure);
        Assert.True(invalid is not null, $"expected an options validation failure, got {failure}");
        Assert.Contains(key, invalid.Message, StringComparison.Ordinal);
    }
}
