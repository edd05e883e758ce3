namespace Liveness.Policies.Ownership;

/// <summary>
/// Wraps the composed session store from outside (the gateway's traces and metrics of every call):
/// <paramref name="store"/> is the store with the replica's memory in front of its backend, and
/// <paramref name="backend"/> names that backend, <c>redis</c> or <c>memory</c>.
/// </summary>
public delegate ISessionStore SessionStoreDecorator(IServiceProvider services, ISessionStore store, string backend);
