using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Health;

/// <summary>
/// The first steps of a graceful stop. When the host is asked to stop (SIGTERM, Ctrl+C:
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/>) readiness turns 503 at once; the host
/// then waits <see cref="ShutdownOptions.ReadinessDelay"/> while still serving, so load balancers see
/// the pod unready and stop sending, before Kestrel stops accepting connections and lets requests in
/// flight finish, all within <see cref="ShutdownOptions.DrainTimeout"/> (the host's shutdown timeout).
/// A host stopped directly (<c>IHost.StopAsync</c> without a stop request, as test hosts are) skips the delay.
/// </summary>
internal sealed class ShutdownDrain(IHostApplicationLifetime lifetime, IOptions<ShutdownOptions> options, TimeProvider time, ILogger<ShutdownDrain> logger) : IHostedLifecycleService, IDisposable
{
    private CancellationTokenRegistration _stopping;
    private int _draining;

    /// <summary>True once the gateway is stopping: readiness fails.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(BeginDraining);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var requested = lifetime.ApplicationStopping.IsCancellationRequested;
        BeginDraining();
        var delay = options.Value.ReadinessDelay;
        if (!requested || delay <= TimeSpan.Zero)
        {
            return;
        }

        Log.ReadinessDelay(logger, delay);
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The drain timeout is over: the rest of the stop goes on without the delay.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private void BeginDraining()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            Log.Draining(logger, options.Value.DrainTimeout);
        }
    }
}
