using System.Diagnostics;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// The outermost layer of the session store the gateway uses (composed by
/// <see cref="Sessions.SessionOwnershipExtensions"/>): every operation is an activity of its own on
/// <see cref="GatewayTelemetry.Source"/> (the ownership lookup of a request shows as
/// <c>liveness.ownership.find</c> in its trace) and is measured (latency, errors) per operation.
/// It sees what the gateway sees: an owner answered from the replica's memory while Redis is down
/// counts as an answer.
/// </summary>
internal sealed class InstrumentedSessionStore(ISessionStore inner, GatewayMetrics metrics, string backend) : ISessionStore, IDisposable
{
    public bool IsAvailable => inner.IsAvailable;

    public Task RecordAsync(SessionRecord record, CancellationToken cancellationToken) =>
        ObserveAsync("record", record?.SessionId, async () =>
        {
            await inner.RecordAsync(record!, cancellationToken);
            return true;
        });

    public Task<SessionRecord?> FindAsync(string sessionId, string callerKey, CancellationToken cancellationToken) =>
        ObserveAsync("find", sessionId, () => inner.FindAsync(sessionId, callerKey, cancellationToken), found => found is not null);

    /// <summary>Readiness's probe: not measured as an operation of requests.</summary>
    public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);

    public Task UpdateStatusAsync(SessionRecord session, string status, CancellationToken cancellationToken) =>
        ObserveAsync("update_status", session?.SessionId, async () =>
        {
            await inner.UpdateStatusAsync(session!, status, cancellationToken);
            return true;
        });

    public Task MarkDeletedAtFaceAsync(SessionRecord session, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        ObserveAsync("mark_deleted_at_face", session?.SessionId, async () =>
        {
            await inner.MarkDeletedAtFaceAsync(session!, deletedAt, cancellationToken);
            return true;
        });

    public Task RemoveAsync(SessionRecord record, CancellationToken cancellationToken) =>
        ObserveAsync("remove", record?.SessionId, async () =>
        {
            await inner.RemoveAsync(record!, cancellationToken);
            return true;
        });

    public Task EraseAsync(SessionRecord record, CancellationToken cancellationToken) =>
        ObserveAsync("erase", record?.SessionId, async () =>
        {
            await inner.EraseAsync(record!, cancellationToken);
            return true;
        });

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string ownerKey, int limit, CancellationToken cancellationToken) =>
        ObserveAsync("list", sessionId: null, () => inner.ListAsync(ownerKey, limit, cancellationToken));

    public Task RecordImagesAsync(SessionRecord session, IReadOnlyCollection<string> sessionImageIds, CancellationToken cancellationToken) =>
        ObserveAsync("record_images", session?.SessionId, async () =>
        {
            await inner.RecordImagesAsync(session!, sessionImageIds, cancellationToken);
            return true;
        });

    public Task<SessionImageRecord?> FindImageAsync(string sessionImageId, string callerKey, CancellationToken cancellationToken) =>
        ObserveAsync("find_image", sessionId: null, () => inner.FindImageAsync(sessionImageId, callerKey, cancellationToken), found => found is not null);

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private async Task<T> ObserveAsync<T>(string operation, string? sessionId, Func<Task<T>> call, Func<T, bool>? found = null)
    {
        using var activity = GatewayTelemetry.Source.StartActivity($"liveness.ownership.{operation}");
        if (activity is not null)
        {
            activity.SetTag("liveness.store.operation", operation);
            activity.SetTag("liveness.store.backend", backend);
            if (sessionId is not null)
            {
                activity.SetTag("liveness.session_id", sessionId);
            }
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call();
            metrics.StoreOperation(operation, backend, Stopwatch.GetElapsedTime(started), failed: false);
            if (found is not null)
            {
                activity?.SetTag("liveness.store.found", found(result));
            }

            return result;
        }
        catch (SessionStoreUnavailableException e)
        {
            metrics.StoreOperation(operation, backend, Stopwatch.GetElapsedTime(started), failed: true);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
