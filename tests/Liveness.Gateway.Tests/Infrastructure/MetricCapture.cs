using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>
/// Measurements one gateway records, by instrument name. Meters are told apart by the gateway's own
/// <see cref="IMeterFactory"/> (their scope), so gateways of other tests running at the same time do not mix in.
/// </summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<CapturedMeasurement> _measurements = new();

    public MetricCapture(GatewayApp gateway)
        : this((gateway ?? throw new ArgumentNullException(nameof(gateway))).Services)
    {
    }

    /// <summary>Captures the instruments of the meter factory in <paramref name="services"/> (a provider built without the whole gateway).</summary>
    public MetricCapture(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<CapturedMeasurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new CapturedMeasurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)));
}

/// <summary>One measurement: its value and tags.</summary>
public sealed record CapturedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
