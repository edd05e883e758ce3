using Liveness.Gateway.OpenApi;
using Liveness.Gateway.RateLimiting;
using Liveness.Policies.Identity;
using Liveness.Policies.Ownership;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Proxy;

/// <summary><c>POST /api/liveness/sessions</c>: a liveness session, its JSON body built by the gateway.</summary>
internal sealed class CreateLivenessSession(
    ISessionStore store,
    IFailedCheckThrottle failedChecks,
    RateLimitRejection rejection,
    IOptions<SessionPolicyOptions> policy,
    IOptions<PublicUrlOptions> publicUrl,
    TimeProvider time,
    ILogger<FaceOperation> logger)
    : CreateSessionOperation(SessionKind.Liveness, store, failedChecks, rejection, policy, publicUrl, time, logger)
{
    public override long MaxRequestBodySize => Policy.MaxCreateBodyBytes;

    public override FaceOperationContract Describe(SessionKind kind) =>
        DescribeCreate("Creates a liveness session for the caller.", new ContractContent("application/json", ContractSchemas.CreateLivenessSessionRequest), ContractSchemas.CreatedLivenessSession, []);

    protected override string RoutePrefix => "/api/liveness/sessions";

    protected override Task<(HttpContent? Content, ProblemHttpResult? Problem)> ReadRequestAsync(HttpRequest request, UserId user, SessionPolicyOptions policy, AbuseMonitoringFields? abuse) =>
        CreateRequestReader.ReadLivenessAsync(request, user, policy, abuse);
}
