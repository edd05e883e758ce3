namespace Liveness.Gateway.Face;

/// <summary>
/// How a call of <see cref="FaceSessionClient"/> takes its permit of the Face budget: the gateway's own call waits
/// for one (<see cref="RateLimiting.UpstreamBudgetGate.GatewayCallMaxWait"/>); background work (the deletion
/// sweeper) takes one only if it is free at once and no call waits for one.
/// </summary>
internal enum FaceCallPriority
{
    /// <summary>A call a request depends on (an assertion's read, a compensating delete).</summary>
    Gateway,

    /// <summary>Work nobody waits for: it yields to every other call.</summary>
    Background,
}
