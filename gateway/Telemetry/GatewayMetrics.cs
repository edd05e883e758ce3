using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Liveness.Gateway.Telemetry;

/// <summary>
/// The instruments on-call alerts on, on the meter <c>Liveness.Gateway</c> (the rate limiter's
/// <c>liveness.gateway.rate_limit.rejections</c> lives on the same meter). Requests by route and
/// status come from ASP.NET Core's <c>http.server.request.duration</c>, tagged with the route id.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = GatewayTelemetry.SourceName;

    public const string FaceRequestDurationName = "liveness.gateway.face.request.duration";
    public const string OwnershipDenialsName = "liveness.gateway.ownership.denials";
    public const string LivenessRequiredName = "liveness.gateway.stepup.denials";
    public const string StoreOperationDurationName = "liveness.gateway.store.operation.duration";
    public const string StoreErrorsName = "liveness.gateway.store.errors";
    public const string CredentialRefreshFailuresName = "liveness.gateway.face.credential.refresh_failures";

    /// <summary>Seconds: from a sub-millisecond Redis call to a Face call near its route timeout.</summary>
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 30],
    };

    private readonly Histogram<double> _faceDuration;
    private readonly Counter<long> _ownershipDenials;
    private readonly Histogram<double> _storeDuration;
    private readonly Counter<long> _storeErrors;
    private readonly Counter<long> _credentialRefreshFailures;
    private readonly Counter<long> _livenessRequired;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _faceDuration = meter.CreateHistogram(FaceRequestDurationName, "s",
            "Duration of each call (each attempt) to Face, by method and status code (error.type when no answer came).", tags: null, DurationAdvice);
        _ownershipDenials = meter.CreateCounter<long>(OwnershipDenialsName, "{denial}",
            "Requests answered 404 because the caller does not own the session or image (reason: not_owner, wrong_kind, unknown_session, image_not_owned).");
        _storeDuration = meter.CreateHistogram(StoreOperationDurationName, "s",
            "Duration of session-store (Redis) operations, by operation and outcome.", tags: null, DurationAdvice);
        _storeErrors = meter.CreateCounter<long>(StoreErrorsName, "{error}",
            "Session-store (Redis) operations that failed: the gateway answered 503 or kept going without the update.");
        _credentialRefreshFailures = meter.CreateCounter<long>(CredentialRefreshFailuresName, "{failure}",
            "Failed attempts to obtain or refresh the gateway's Face credential (Entra ID token).");
        _livenessRequired = meter.CreateCounter<long>(LivenessRequiredName, "{denial}",
            "Requests to liveness-gated routes not forwarded (reason: liveness_required, store_unavailable).");
    }

    public void FaceRequest(HttpMethod method, int? statusCode, string? errorType, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(method);
        var tags = new TagList { { "http.request.method", method.Method } };
        if (statusCode is { } status)
        {
            tags.Add("http.response.status_code", status);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _faceDuration.Record(duration.TotalSeconds, tags);
    }

    public void LivenessRequired(string reason) => _livenessRequired.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void OwnershipDenied(string reason) => _ownershipDenials.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void StoreOperation(string operation, string backend, TimeSpan duration, bool failed)
    {
        var tags = new TagList { { "operation", operation }, { "backend", backend }, { "outcome", failed ? "error" : "ok" } };
        _storeDuration.Record(duration.TotalSeconds, tags);
        if (failed)
        {
            _storeErrors.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("backend", backend));
        }
    }

    public void CredentialRefreshFailed(string credential) =>
        _credentialRefreshFailures.Add(1, new KeyValuePair<string, object?>("credential", credential));
}
