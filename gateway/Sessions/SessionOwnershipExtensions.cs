using Liveness.Gateway.Telemetry;
using Liveness.Policies.Ownership;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Liveness.Gateway.Sessions;

/// <summary>
/// Session ownership: the store every operation asks who owns a session. Its chain is composed in one place,
/// <see cref="SessionStoreServiceCollectionExtensions.AddSessionStore"/>, read from the outside in:
/// <see cref="InstrumentedSessionStore"/> (an activity and the store metrics per call, tagged with the backend)
/// → <c>OwnerCachingSessionStore</c> (the replica's memory of the records) → <c>RedisSessionStore</c>, or
/// <c>InMemorySessionStore</c> in Development. The instrumentation is outermost, so it measures what the gateway
/// sees: an owner answered from the replica's memory while Redis is down counts as an answer.
/// </summary>
internal static class SessionOwnershipExtensions
{
    public static WebApplicationBuilder AddSessionOwnership(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<GatewayMetrics>();
        builder.Services.AddSessionStore((services, store, backend) => new InstrumentedSessionStore(store, services.GetRequiredService<GatewayMetrics>(), backend));
        return builder;
    }
}
