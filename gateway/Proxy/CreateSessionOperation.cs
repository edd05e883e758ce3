using System.Text.Json.Nodes;
using Liveness.Gateway.AbuseMonitoring;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Deletions;
using Liveness.Gateway.Errors;
using Liveness.Gateway.Face;
using Liveness.Gateway.RateLimiting;
using Liveness.Policies.Identity;
using Liveness.Policies.Ownership;
using Liveness.Policies.RateLimiting;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// Creating a session of one kind: a caller cooling down after too many failed checks is refused first (429
/// <c>TooManyFailedChecks</c>, before the body is read); then the gateway builds the body Face gets from what the
/// session policy allows, records the caller as owner and schedules the session's deletion at Face before the client
/// sees the session (or deletes it at Face and answers 503 when it cannot), and trims Face's answer to what the client
/// SDK needs.
/// </summary>
internal abstract class CreateSessionOperation(
    SessionKind kind,
    ISessionStore store,
    IFailedCheckThrottle failedChecks,
    RateLimitRejection rejection,
    IOptions<SessionPolicyOptions> policy,
    IOptions<PublicUrlOptions> publicUrl,
    TimeProvider time,
    ILogger<FaceOperation> logger) : FaceOperation
{
    /// <summary>How long the gateway keeps trying to record a new session's owner after the client went away.</summary>
    private static readonly TimeSpan OwnershipWriteBudget = TimeSpan.FromSeconds(10);

    public SessionKind Kind { get; } = kind;

    public override string Name => "Create";

    /// <summary>Each create performs the routes of its own kind: the body and Face's answer differ.</summary>
    public override bool Serves(SessionKind kind) => kind == Kind;

    protected ILogger Logger => logger;

    /// <summary>The session policy in force (body limits, allowed fields).</summary>
    protected SessionPolicyOptions Policy => policy.Value;

    public override async Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        if (await RefuseWhileCoolingDownAsync(context, feature) is { } refusal)
        {
            return refusal;
        }

        AbuseMonitoringFields? abuse;
        try
        {
            abuse = await context.RequestServices.GetRequiredService<AbuseMonitoringCreateFields>().ForAsync(context, feature.User);
        }
        catch (SessionStoreUnavailableException)
        {
            // Without the user's salt the userCorrelationId could be one a reset replaced: refuse before Face bills a session (logged there).
            return Problems.OwnershipStoreUnavailable.ToResult();
        }

        var (content, problem) = await ReadRequestAsync(context.Request, feature.User, Policy, abuse);
        if (problem is null && !store.IsAvailable)
        {
            // Without a store the owner could not be recorded: refuse before Face bills a session.
            content?.Dispose();
            return Problems.OwnershipStoreUnavailable.ToResult();
        }

        feature.CreateContent = content;
        return problem;
    }

    public override async Task CompleteAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(feature);
        context.SuppressResponseBody = true;
        var http = context.HttpContext;

        // The owner is recorded before the client sees the session, even if the client has gone away
        // meanwhile: a session must never exist at Face without an owner. So neither reading Face's answer
        // nor the write stops when the client goes away; both have their own budget.
        using var budget = new CancellationTokenSource(OwnershipWriteBudget);
        var session = await FaceSessionJson.ReadSessionAsync(response, budget.Token);
        var sessionId = FaceSessionJson.Text(session?["sessionId"]);
        if (session is null || !SessionIdentifiers.IsValidSessionId(sessionId))
        {
            Log.UnexpectedFaceResponse(logger, Name, "no valid sessionId in the create response");
            await GatewayProblem.WriteAsync(http, FaceSessionJson.UpstreamFailed());
            return;
        }

        sessionId = SessionIdentifiers.Normalize(sessionId!);
        var status = FaceSessionJson.Text(session["status"]) ?? "NotStarted";
        var record = new SessionRecord(sessionId, feature.User.Key, Kind, time.GetUtcNow(), status);

        try
        {
            await store.RecordAsync(record, budget.Token);
        }
        catch (Exception e) when (e is SessionStoreUnavailableException or OperationCanceledException)
        {
            // Whatever stopped the write (the store maps every Redis failure to SessionStoreUnavailableException;
            // the budget may run out), the session must not stay at Face without an owner.
            Log.OwnershipWriteFailed(logger, sessionId, e);
            await DeleteOrphanAsync(http, sessionId, budget.Token);
            await GatewayProblem.WriteAsync(http, Problems.OwnershipStoreUnavailable.ToResult());
            return;
        }

        if (!await ScheduleDeletionAsync(http, record, budget.Token))
        {
            await GatewayProblem.WriteAsync(http, Problems.OwnershipStoreUnavailable.ToResult());
            return;
        }

        http.RequestServices.GetRequiredService<AuditTrail>().SessionCreated(http, feature.User, Kind, sessionId, await CreatedSessionMode.ReadAsync(feature.CreateContent, CancellationToken.None));
        var created = new JsonObject
        {
            ["sessionId"] = sessionId,
            ["authToken"] = session["authToken"]?.DeepClone(),
            ["status"] = status,
            ["modelVersion"] = session["modelVersion"]?.DeepClone(),
        };
        AddToAnswer(session, created);

        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.Headers.Location = publicUrl.Value.LocationOf($"{RoutePrefix}/{sessionId}");
        await FaceSessionJson.WriteJsonAsync(http.Response, created, http.RequestAborted);
    }

    /// <summary>
    /// 429 <c>TooManyFailedChecks</c> with <c>Retry-After</c> while the caller's failed-check cooldown runs (audited
    /// and counted like the other limits); 503 when it cannot be known, as the owner could not be recorded either.
    /// </summary>
    private async Task<ProblemHttpResult?> RefuseWhileCoolingDownAsync(HttpContext context, LivenessRequestFeature feature)
    {
        TimeSpan? cooldown;
        try
        {
            cooldown = await failedChecks.RemainingCooldownAsync(feature.User.Key, context.RequestAborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUnavailable(logger, Name, e);
            return Problems.OwnershipStoreUnavailable.ToResult();
        }

        return cooldown is { } wait ? rejection.Refuse(context, GatewayLimit.FailedChecks, wait) : null;
    }

    /// <summary>The contract of a create: <paramref name="request"/>, 201 with <c>Location</c>, the create's problems and <paramref name="more"/>.</summary>
    protected FaceOperationContract DescribeCreate(string summary, ContractContent request, string answerSchema, IReadOnlyList<Problem> more) =>
        new(summary, StatusCodes.Status201Created, "The session was created and the caller recorded as its owner. Hand authToken to the Face client SDK.")
        {
            RequestBody = request,
            Answer = new ContractContent("application/json", answerSchema),
            AnswerHeaders = new Dictionary<string, string>
            {
                ["Location"] = $"Where the session is read and deleted, relative to the gateway: {RoutePrefix}/{{sessionId}}.",
            },
            Problems =
            [
                Problems.TooManyFailedChecks,
                Problems.BadArgument,
                Problems.InvalidLivenessOperationMode,
                Problems.InvalidDeviceCorrelationId,
                .. more,
                Problems.PayloadTooLarge,
                Problems.UnsupportedMediaType,
                Problems.OwnershipStoreUnavailable,
            ],
        };

    /// <summary>Where the new session is read and deleted (the <c>Location</c> header).</summary>
    protected abstract string RoutePrefix { get; }

    /// <summary>
    /// Checks the client's body and builds the one Face gets, with <paramref name="abuse"/>'s fields when the Face API
    /// version has abuse monitoring (null otherwise); or the refusal.
    /// </summary>
    protected abstract Task<(HttpContent? Content, ProblemHttpResult? Problem)> ReadRequestAsync(HttpRequest request, UserId user, SessionPolicyOptions policy, AbuseMonitoringFields? abuse);

    /// <summary>Adds what this kind's client needs from Face's answer beyond the common fields.</summary>
    protected virtual void AddToAnswer(JsonObject face, JsonObject created)
    {
    }

    /// <summary>
    /// Schedules the new session's deletion at Face for when it would be abandoned (<see cref="SessionDeletions"/>).
    /// When that cannot be written, nothing would delete it before Face's 48 hours: its record goes and it is deleted
    /// at Face now, as when the owner could not be recorded (false).
    /// </summary>
    private async Task<bool> ScheduleDeletionAsync(HttpContext http, SessionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await http.RequestServices.GetRequiredService<SessionDeletions>().ScheduleAbandonedAsync(record, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is SessionStoreUnavailableException or OperationCanceledException)
        {
            Log.DeletionNotScheduled(logger, record.SessionId, e);
            try
            {
                await store.RemoveAsync(record, cancellationToken);
            }
            catch (Exception removal) when (removal is SessionStoreUnavailableException or OperationCanceledException)
            {
                Log.StoreUpdateFailed(logger, Name, record.SessionId, removal); // the record expires with Face's session
            }

            await DeleteOrphanAsync(http, record.SessionId, cancellationToken);
            return false;
        }
    }

    private async Task DeleteOrphanAsync(HttpContext http, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            var client = http.RequestServices.GetRequiredService<FaceSessionClient>();
            if (!await client.DeleteSessionAsync(Kind, sessionId, cancellationToken))
            {
                Log.CompensationFailed(logger, sessionId, null);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Log.CompensationFailed(logger, sessionId, e);
        }
    }
}
