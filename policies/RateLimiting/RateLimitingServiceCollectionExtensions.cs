using Liveness.Policies.Ownership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Liveness.Policies.RateLimiting;

/// <summary>
/// Registers the limits' options (validated at startup), <see cref="UserRateLimiters"/> and
/// <see cref="IUpstreamBudget"/>: in Redis when <c>ConnectionStrings:Redis</c> is set (the connection the
/// shared state has in common, <see cref="RedisConnectionServiceCollectionExtensions.AddRedisConnection"/>), with a
/// per-replica fallback; otherwise in this process's memory (Development only).
/// </summary>
public static partial class RateLimitingServiceCollectionExtensions
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddRedisConnection();
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<UpstreamBudgetOptions>) && d.ImplementationType == typeof(UpstreamBudgetOptionsValidator)))
        {
            return services;
        }

        services.AddOptions<SessionCreationLimitOptions>().BindConfiguration(SessionCreationLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionCreationLimitOptions>, SessionCreationLimitOptionsValidator>();
        services.AddOptions<SessionReadLimitOptions>().BindConfiguration(SessionReadLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionReadLimitOptions>, SessionReadLimitOptionsValidator>();
        services.AddOptions<UpstreamBudgetOptions>().BindConfiguration(UpstreamBudgetOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UpstreamBudgetOptions>, UpstreamBudgetOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RateLimitStoreMonitor>();

        services.TryAddSingleton(provider => new UserRateLimiters(SharedRedis(provider), provider.GetRequiredService<RateLimitStoreMonitor>()));
        services.TryAddSingleton<IUpstreamBudget>(provider =>
        {
            var local = ActivatorUtilities.CreateInstance<InMemoryUpstreamBudget>(provider);
            if (SharedRedis(provider) is not { } redis)
            {
                LogPerProcess(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UserRateLimiters).FullName!));
                return local;
            }

            var monitor = provider.GetRequiredService<RateLimitStoreMonitor>();
            var shared = new RedisUpstreamBudget(redis, provider.GetRequiredService<IOptions<UpstreamBudgetOptions>>(), provider.GetRequiredService<TimeProvider>(), monitor);
            return new FallbackUpstreamBudget(shared, local, monitor);
        });
        return services;
    }

    private static IConnectionMultiplexer? SharedRedis(IServiceProvider provider) =>
        string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<SessionStoreOptions>>().Value.Redis)
            ? null
            : provider.GetRequiredService<IConnectionMultiplexer>();

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "ConnectionStrings:Redis is not set: rate limits and the Face budget are kept in this process's memory (Development only; not shared between replicas).")]
    private static partial void LogPerProcess(ILogger logger);
}
