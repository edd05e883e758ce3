using Liveness.Policies.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.Ownership;

/// <summary>Registers <see cref="ISessionStore"/>: Redis when configured, else the in-memory store (Development only).</summary>
public static partial class SessionStoreServiceCollectionExtensions
{
    public static IServiceCollection AddSessionStore(this IServiceCollection services)
    {
        services.AddOptions<SessionPolicyOptions>().BindConfiguration(SessionPolicyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionPolicyOptions>, SessionPolicyOptionsValidator>();
        services.AddOptions<SessionStoreOptions>().BindConfiguration(SessionStoreOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionStoreOptions>, SessionStoreOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IConnectionMultiplexer>(provider =>
        {
            var configuration = ConfigurationOptions.Parse(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis!);
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.TryAddSingleton<ISessionRemovalNotices>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis)
                ? LocalSessionRemovalNotices.Instance
                : ActivatorUtilities.CreateInstance<RedisSessionRemovalNotices>(provider));
        services.AddSingleton<ISessionStore>(provider =>
        {
            ISessionStore store;
            if (string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis))
            {
                LogInMemoryStore(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InMemorySessionStore).FullName!));
                store = ActivatorUtilities.CreateInstance<InMemorySessionStore>(provider);
            }
            else
            {
                store = ActivatorUtilities.CreateInstance<RedisSessionStore>(provider);
            }

            return ActivatorUtilities.CreateInstance<OwnerCachingSessionStore>(provider, store);
        });
        return services;
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "ConnectionStrings:Redis is not set: session ownership is kept in this process's memory (Development only; lost on restart, not shared between replicas).")]
    private static partial void LogInMemoryStore(ILogger logger);
}
