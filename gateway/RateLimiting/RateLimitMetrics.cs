using System.Diagnostics.Metrics;

namespace Liveness.Gateway.RateLimiting;

/// <summary>
/// The gateway's rate-limit metrics on the <c>Liveness.Gateway</c> meter:
/// <c>liveness.gateway.rate_limit.rejections</c>, tagged <c>limit</c> (<see cref="GatewayLimit.Tag"/>).
/// </summary>
internal sealed class RateLimitMetrics
{
    public const string MeterName = "Liveness.Gateway";
    public const string RejectionsName = "liveness.gateway.rate_limit.rejections";

    private readonly Counter<long> _rejections;

    public RateLimitMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _rejections = meter.CreateCounter<long>(RejectionsName, "{request}", "Requests refused by a rate limit or the Face budget, by limit.");
    }

    public void Rejected(GatewayLimit limit) => _rejections.Add(1, new KeyValuePair<string, object?>("limit", limit.Tag));
}
