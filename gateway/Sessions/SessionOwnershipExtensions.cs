using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Telemetry;
using Liveness.Policies.Ownership;
using Liveness.Policies.Results;
using Liveness.Policies.Verdicts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Liveness.Gateway.Sessions;

/// <summary>
/// Session ownership: the store every operation asks who owns a session. Its chain is composed in one place,
/// <see cref="SessionStoreServiceCollectionExtensions.AddSessionStore"/>, read from the outside in:
/// <see cref="InstrumentedSessionStore"/> (an activity and the store metrics per call, tagged with the backend)
/// → <c>OwnerCachingSessionStore</c> (the replica's memory of the records) → <c>RedisSessionStore</c>, or
/// <c>InMemorySessionStore</c> in Development. The instrumentation is outermost, so it measures what the gateway
/// sees: an owner answered from the replica's memory while Redis is down counts as an answer.
/// It also adds the owner's erasure (<see cref="SessionErasure"/>) and the stores it empties beside this one (the
/// finished results, the verdicts); the Face client it deletes with comes from <c>AddFace</c>.
/// </summary>
internal static class SessionOwnershipExtensions
{
    public static WebApplicationBuilder AddSessionOwnership(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<GatewayMetrics>();
        builder.Services.AddSessionStore((services, store, backend) => new InstrumentedSessionStore(store, services.GetRequiredService<GatewayMetrics>(), backend));
        builder.Services.AddFinishedResultCache();
        builder.Services.AddVerdicts();
        builder.Services.AddUpstreamBudget();
        builder.Services.TryAddSingleton<SessionErasure>();
        return builder;
    }
}
