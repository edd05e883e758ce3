using System.Text.Json.Nodes;
using Liveness.Policies.Identity;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// <c>POST /api/liveness-with-verify/sessions</c>: a session that also compares the face with a verify
/// image, its multipart body rebuilt by the gateway; the client gets Face's verify references too.
/// </summary>
internal sealed class CreateLivenessWithVerifySession(ISessionStore store, IOptions<SessionPolicyOptions> policy, TimeProvider time, ILogger<FaceOperation> logger)
    : CreateSessionOperation(SessionKind.LivenessWithVerify, store, policy, time, logger)
{
    /// <summary>The verify image, with room for multipart boundaries and text fields around it.</summary>
    public override long MaxRequestBodySize => Policy.MaxVerifyImageBytes + CreateRequestReader.MultipartAllowance;

    protected override string RoutePrefix => "/api/liveness-with-verify/sessions";

    protected override Task<(HttpContent? Content, ProblemHttpResult? Problem)> ReadRequestAsync(HttpRequest request, UserId user, SessionPolicyOptions policy) =>
        CreateRequestReader.ReadLivenessWithVerifyAsync(request, user, policy);

    protected override void AddToAnswer(JsonObject face, JsonObject created) =>
        created["verifyReferences"] = face["results"]?["verifyReferences"]?.DeepClone() ?? new JsonArray();
}
