using Liveness.Gateway.Audit;
using Liveness.Gateway.Errors;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// The ownership rule the session routes (read, delete) share, and the store updates that follow Face's
/// answers: a session another user owns, of the other kind, or unknown is the same 404.
/// </summary>
internal sealed class OwnedSessions(ISessionStore store, IFinishedResultCache results, ILogger<FaceOperation> logger)
{
    /// <summary>Finds the session the route names among the caller's, into <see cref="LivenessRequestFeature.Session"/>; the refusal otherwise.</summary>
    public async Task<ProblemHttpResult?> AuthorizeAsync(HttpContext context, LivenessRequestFeature feature)
    {
        var audit = context.RequestServices.GetRequiredService<AuditTrail>();
        var sessionId = context.GetRouteValue(LivenessRoute.SessionIdRouteValue) as string;
        if (!SessionIdentifiers.IsValidSessionId(sessionId))
        {
            audit.AccessDenied(context, AccessDenialReason.Malformed, sessionId, StatusCodes.Status400BadRequest);
            return Problems.InvalidSessionId.ToResult();
        }

        sessionId = SessionIdentifiers.Normalize(sessionId!);
        context.Request.RouteValues[LivenessRoute.SessionIdRouteValue] = sessionId; // Face gets the id as the store knows it
        SessionRecord? session;
        try
        {
            session = await store.FindAsync(sessionId, feature.User.Key, context.RequestAborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUnavailable(logger, feature.Route.Operation, e);
            return Problems.OwnershipStoreUnavailable.ToResult();
        }

        var denial = session switch
        {
            null => "unknown session",
            _ when session.OwnerKey != feature.User.Key => "owned by another user",
            _ when session.Kind != feature.Route.Kind => $"a {session.Kind.ToName()} session on a {feature.Route.Kind.ToName()} route",
            _ => null,
        };
        if (denial is not null)
        {
            Log.OwnershipDenied(logger, sessionId, denial);
            audit.AccessDenied(context, session is null ? AccessDenialReason.UnknownSession : session.OwnerKey != feature.User.Key ? AccessDenialReason.NotOwner : AccessDenialReason.WrongKind, sessionId, StatusCodes.Status404NotFound);
            return Problems.SessionNotFound.ToResult();
        }

        feature.Session = session;
        return null;
    }

    /// <summary>Removes a session's cached result and its record (which every replica's memory forgets too).</summary>
    public async Task RemoveRecordAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        await results.RemoveAsync(session, cancellationToken);
        await store.RemoveAsync(session, cancellationToken);
    }

    /// <summary>Runs a store update after Face answered; when the store cannot take it, logs and lets the answer through.</summary>
    public async Task TryStoreAsync(Func<Task> update, LivenessRequestFeature feature, string sessionId)
    {
        try
        {
            await update();
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUpdateFailed(logger, feature.Route.Operation, sessionId, e);
        }
    }
}
