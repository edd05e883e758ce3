using System.Diagnostics.Metrics;
using Liveness.Gateway.Telemetry;

namespace Liveness.Gateway.Deletions;

/// <summary>
/// The deletion sweeper's instruments, on the gateway's meter (<see cref="GatewayMetrics.MeterName"/>):
/// <c>liveness.gateway.deletions.pending</c> (sessions scheduled for deletion at Face, due or not, as of this
/// replica's last sweep), <c>liveness.gateway.deletions.deleted</c> (by <c>reason</c>: <c>retention</c>,
/// <c>final_read</c>, <c>abandoned</c>) and <c>liveness.gateway.deletions.failed</c> (by <c>reason</c>:
/// <c>face_error</c>, <c>face_unreachable</c>, <c>store_unavailable</c>).
/// </summary>
internal sealed class DeletionMetrics
{
    public const string PendingName = "liveness.gateway.deletions.pending";
    public const string DeletedName = "liveness.gateway.deletions.deleted";
    public const string FailedName = "liveness.gateway.deletions.failed";

    private readonly Counter<long> _deleted;
    private readonly Counter<long> _failed;
    private long _pending;

    public DeletionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge(PendingName, () => Volatile.Read(ref _pending), "{session}",
            "Sessions scheduled for deletion at Face (due or not), as of this replica's last sweep.");
        _deleted = meter.CreateCounter<long>(DeletedName, "{session}",
            "Sessions the deletion sweeper deleted at Face (or found gone there), by reason: retention, final_read, abandoned.");
        _failed = meter.CreateCounter<long>(FailedName, "{attempt}",
            "Deletions at Face that failed and were rescheduled with backoff, by reason: face_error, face_unreachable, store_unavailable.");
    }

    public void Pending(long count) => Volatile.Write(ref _pending, count);

    public void Deleted(string reason) => _deleted.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Failed(string reason) => _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
