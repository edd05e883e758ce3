using System.Globalization;
using System.Net;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Errors;
using Liveness.Gateway.Face;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Resilience;
using Liveness.Policies.Identity;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Sessions;
using Liveness.Policies.Verdicts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Liveness.Gateway.Sessions;

/// <summary>
/// <c>DELETE /api/liveness/sessions</c>: erases all of the caller's sessions, of both kinds. Each listed session is
/// deleted at Face first (through <see cref="FaceSessionClient"/>, the one Face HTTP pipeline; Face's 404 counts as
/// deleted), and only once Face confirmed is everything the gateway holds of it removed: its record and session
/// images (<see cref="ISessionStore.EraseAsync"/>) and its finished result. When every session is gone, the caller's
/// verdicts go too. The answer comes when all is done, with the count. It fails closed: at the first failure of Face
/// or of Redis it stops and answers the problem with <c>Retry-After</c>; what was not erased yet is still recorded
/// (never a record whose Face session was not confirmed deleted), so repeating the call finishes the erasure.
/// </summary>
internal sealed class SessionErasure(
    ISessionStore store,
    IFinishedResultCache results,
    IVerdictStore verdicts,
    FaceSessionClient face,
    RateLimitRejection rejection,
    AuditTrail audit,
    ILogger<SessionErasure> logger)
{
    /// <summary>The operation's name in logs.</summary>
    public const string OperationName = "Erase";

    /// <summary>Sessions read from the store at a time; the erasure goes on until the caller has none left.</summary>
    internal const int PageSize = 100;

    /// <summary>The <c>Retry-After</c> of a failed erasure (other than the Face budget's, which says its own wait).</summary>
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async Task<Results<Ok<ErasedSessions>, ProblemHttpResult>> EraseAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.LivenessUser()!;
        var erased = new List<string>();
        try
        {
            while (await NextPageAsync(user, erased, context.RequestAborted) is { Count: > 0 } page)
            {
                foreach (var session in page)
                {
                    if (await DeleteAtFaceAsync(context, session, erased.Count) is { } problem)
                    {
                        return problem;
                    }

                    // Face no longer has it: what the gateway holds of it goes, even if the client has gone away.
                    await results.RemoveAsync(session, CancellationToken.None);
                    await store.EraseAsync(session, CancellationToken.None);
                    audit.SessionDeleted(context, user, session);
                    erased.Add(session.SessionId);
                }
            }

            await verdicts.RemoveAllAsync(user.Key, erased, CancellationToken.None);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.StoreUnavailable(logger, erased.Count, e);
            return Refuse(context, Problems.OwnershipStoreUnavailable);
        }

        audit.SessionsErased(context, user, erased.Count);
        return TypedResults.Ok(new ErasedSessions(erased.Count));
    }

    /// <summary>The caller's sessions still recorded, less any this erasure already removed (a store that kept one must not loop forever).</summary>
    private async Task<IReadOnlyList<SessionRecord>> NextPageAsync(UserId user, List<string> erased, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(user.Key, PageSize, cancellationToken);
        return [.. page.Where(session => session.OwnerKey == user.Key && !erased.Contains(session.SessionId, StringComparer.Ordinal))];
    }

    /// <summary>Null when Face confirmed the session gone (or the deletion sweeper already deleted it there); otherwise the answer that stops the erasure.</summary>
    private async Task<ProblemHttpResult?> DeleteAtFaceAsync(HttpContext context, SessionRecord session, int erased)
    {
        if (session.DeletedAtFace is not null)
        {
            return null; // the deletion sweeper already did it
        }

        HttpStatusCode status;
        try
        {
            status = await face.SendDeleteAsync(session.Kind, session.SessionId, context.RequestAborted);
        }
        catch (Exception e) when (FacePipelines.Find<UpstreamBudgetExceededException>(e) is { } refused)
        {
            return rejection.Refuse(context, GatewayLimit.UpstreamBudget, refused.RetryAfter);
        }
        catch (Exception e) when (FacePipelines.Find<FaceCredentialUnavailableException>(e) is not null)
        {
            Log.FaceFailed(logger, erased, session.SessionId, "no Face credential", e);
            return Refuse(context, Problems.UpstreamCredentialUnavailable);
        }
        catch (HttpRequestException e)
        {
            Log.FaceFailed(logger, erased, session.SessionId, "unreachable", e);
            return Refuse(context, Problems.UpstreamUnavailable);
        }
        catch (TaskCanceledException e) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.FaceFailed(logger, erased, session.SessionId, "timed out", e);
            return Refuse(context, Problems.UpstreamTimeout);
        }

        if (FaceSessionClient.IsDeleted(status))
        {
            return null;
        }

        Log.FaceFailed(logger, erased, session.SessionId, string.Create(CultureInfo.InvariantCulture, $"answered {(int)status}"), null);
        if (status == HttpStatusCode.TooManyRequests)
        {
            SetRetryAfter(context);
            return Problems.FaceRateLimited(faceCode: null); // Face itself is throttling, as on the proxied routes
        }

        return Refuse(context, status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? Problems.UpstreamAuthenticationFailed : Problems.UpstreamError);
    }

    private static ProblemHttpResult Refuse(HttpContext context, Problem problem)
    {
        SetRetryAfter(context);
        return problem.ToResult();
    }

    private static void SetRetryAfter(HttpContext context) =>
        context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
