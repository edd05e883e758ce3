using Liveness.Gateway.OpenApi;
using System.Globalization;
using System.Text.Json.Nodes;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Gateway.RateLimiting;
using Liveness.Policies.Identity;
using Liveness.Policies.Ownership;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>POST /api/liveness-with-verify/sessions</c>: a session that also compares the face with a verify
/// image, its multipart body rebuilt by the gateway; the client gets Face's verify references too. Over
/// the replica's upload bound it is refused (503) before its body is read; an accepted one holds its
/// place until Face has answered.
/// </summary>
internal sealed class CreateLivenessWithVerifySession(
    VerifyUploadGate uploads,
    ISessionStore store,
    IFailedCheckThrottle failedChecks,
    RateLimitRejection rejection,
    IOptions<SessionPolicyOptions> policy,
    IOptions<PublicUrlOptions> publicUrl,
    TimeProvider time,
    ILogger<FaceOperation> logger)
    : CreateSessionOperation(SessionKind.LivenessWithVerify, store, failedChecks, rejection, policy, publicUrl, time, logger)
{
    /// <summary>The audit trail's <c>limit</c> for a verify create refused by the upload bound.</summary>
    private const string VerifyUploadsLimitTag = "verify_uploads";

    public override ProblemHttpResult? Admit(HttpContext context, out IDisposable? place)
    {
        ArgumentNullException.ThrowIfNull(context);
        place = uploads.TryEnter(context.Request.ContentLength);
        if (place is not null)
        {
            return null;
        }

        Log.VerifyUploadsBusy(Logger, Policy.MaxConcurrentVerifyUploads);
        context.RequestServices.GetRequiredService<AuditTrail>().LimitHit(context, VerifyUploadsLimitTag);
        context.Response.Headers.RetryAfter = ((int)VerifyUploadGate.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Problems.VerifyUploadsBusy.ToResult();
    }

    /// <summary>The verify image, with room for multipart boundaries and text fields around it.</summary>
    public override long MaxRequestBodySize => Policy.MaxVerifyImageBytes + CreateRequestReader.MultipartAllowance;

    public override FaceOperationContract Describe(SessionKind kind) =>
        DescribeCreate("Creates a liveness session with face verification against the uploaded reference image.",
            new ContractContent("multipart/form-data", ContractSchemas.CreateLivenessWithVerifySessionRequest), ContractSchemas.CreatedLivenessWithVerifySession,
            [Problems.InvalidVerifyImage, Problems.VerifyUploadsBusy]);

    protected override string RoutePrefix => "/api/liveness-with-verify/sessions";

    protected override Task<(HttpContent? Content, ProblemHttpResult? Problem)> ReadRequestAsync(HttpRequest request, UserId user, SessionPolicyOptions policy, AbuseMonitoringFields? abuse) =>
        CreateRequestReader.ReadLivenessWithVerifyAsync(request, user, policy, abuse);

    protected override void AddToAnswer(JsonObject face, JsonObject created) =>
        created["verifyReferences"] = face["results"]?["verifyReferences"]?.DeepClone() ?? new JsonArray();
}
