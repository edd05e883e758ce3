using Liveness.Gateway.Assertions;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Tests.Assertions;

/// <summary><see cref="AssertionsExtensions.AddLivenessAssertions"/> stands on its own, and features that issue assertions may add it again.</summary>
public sealed class AssertionsExtensionsTests
{
    [Fact]
    public async Task AddLivenessAssertions_AloneAndTwice_RegistersTheIssuerOnce()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["Liveness:Assertions:Issuer"] = GatewayFixture.AssertionIssuer;
        builder.Configuration["Liveness:Assertions:SigningKeys:0"] = GatewayFixture.AssertionKey.PrivateKeyPem;
        builder.AddLivenessAssertions().AddLivenessAssertions();

        await using var app = builder.Build();

        Assert.Single(builder.Services, s => s.ServiceType == typeof(IValidateOptions<AssertionOptions>));
        Assert.Single(builder.Services, s => s.ServiceType == typeof(LivenessAssertionIssuer));
        var token = app.Services.GetRequiredService<LivenessAssertionIssuer>().Issue(UserId.Create("https://idp.test", "alice"), Assertions.Pass(), "payments-api").Token;
        Assert.Equal(GatewayFixture.AssertionKey.Thumbprint, Assertions.Header(token).GetProperty("kid").GetString());
    }
}
