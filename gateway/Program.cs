using Liveness.Gateway.AbuseMonitoring;
using Liveness.Gateway.Assertions;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Configuration;
using Liveness.Gateway.Deletions;
using Liveness.Gateway.Development;
using Liveness.Gateway.Errors;
using Liveness.Gateway.Face;
using Liveness.Gateway.Health;
using Liveness.Gateway.OpenApi;
using Liveness.Gateway.Proxy;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Security;
using Liveness.Gateway.Sessions;
using Liveness.Gateway.StepUp;
using Liveness.Gateway.Telemetry;
using Liveness.Policies.Results;

// A bad or missing setting stops startup with one line naming it (StartupFailure), not a stack trace.
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddGatewayConfiguration();
    builder.AddFaceEmulatorForDevelopment();
    builder.AddGatewayProblemDetails();
    builder.AddFace();
    builder.AddUserAuthentication();
    builder.AddAuditTrail();
    builder.AddSessionOwnership();
    builder.Services.AddFinishedResultCache();
    builder.AddLivenessProxy();
    builder.AddLivenessAssertions();
    builder.AddDeletionSweeper();
    builder.AddLivenessPolicies();
    builder.AddGatewayRateLimiting();
    builder.AddBrowserSecurity();
    builder.AddTrustedProxies();
    builder.AddAbuseMonitoring();
    builder.AddGatewayTelemetry();
    builder.AddGatewayHealth();
    builder.AddGatewayOpenApi();

    var app = builder.Build();
    app.ValidateSettings();
    app.UseTrustedProxies();
    app.UseGatewayErrorHandling();
    app.UseSecurityHeaders();
    app.UseGatewayTelemetry();
    app.UseRouting();
    app.UseCors();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseRequestTimeouts();
    app.MapGatewayHealth();
    app.MapSessionList();
    app.MapLivenessProxy();
    app.MapLivenessAssertions();
    app.MapAbuseMonitoring();
    app.MapGatewayOpenApi();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (StartupFailure.IsInvalidConfiguration(exception))
{
    return await StartupFailure.ReportAsync(exception);
}

/// <summary>The gateway's entry point (visible to <c>WebApplicationFactory</c>).</summary>
public partial class Program;
