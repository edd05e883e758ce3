using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Liveness.Gateway.Tests.Audit;

/// <summary>The audit of authentication refusals, whichever of <c>AddAuditTrail</c> and <c>AddUserAuthentication</c> is registered first.</summary>
public sealed class AuditExtensionsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Challenge_AuditRegisteredBeforeOrAfterAuthentication_IsAuditedAndAnswered401Problem(bool auditFirst)
    {
        var logs = new LogCapture();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Bearer:Authority"] = "http://127.0.0.1:9",
            ["Authentication:Schemes:Bearer:RequireHttpsMetadata"] = "false",
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = "liveness-gateway",
        });
        builder.Logging.AddProvider(logs);
        if (auditFirst)
        {
            builder.AddAuditTrail();
            builder.AddUserAuthentication();
        }
        else
        {
            builder.AddUserAuthentication();
            builder.AddAuditTrail();
        }

        await using var app = builder.Build();
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Response.Body = new MemoryStream();

        await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme); // a request without a token

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer", context.Response.Headers.WWWAuthenticate.ToString());
        var denied = Assert.Single(logs.Entries, e => e.Category == AuditTrail.Category && e.EventId.Id == 6004);
        Assert.Equal("missing_token", denied.Values["Reason"]);
    }
}
