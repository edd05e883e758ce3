using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Liveness.Gateway.Resilience;

/// <summary>
/// The Polly pipelines toward Face, built from <see cref="FaceResilienceOptions"/> and applied by the Face HTTP
/// pipeline (<c>Face/FaceHttpPipeline</c>):
/// <list type="bullet">
/// <item><see cref="Breaker"/>: circuit breaker, then the attempt timeout, around each attempt of a proxied call
/// (after its permit of the Face budget is taken). One instance, shared by every Face call through the proxy, so
/// its state is Face's state.</item>
/// <item><see cref="Read"/>: jittered exponential retries (honouring <c>Retry-After</c>) of a proxied GET; each
/// attempt goes through <see cref="Breaker"/>.</item>
/// <item><see cref="SessionClient"/>: the gateway's own calls (<c>FaceSessionClient</c>, deleting a session that
/// could not be given an owner): one retry after a failed connection or a 5xx. DELETE is idempotent
/// at Face and a repeated delete's 404 counts as done, so one retry is safe; no circuit breaker, so
/// this clean-up is still attempted while the proxy's circuit is open.</item>
/// </list>
/// A refusal by the Face budget is none of these pipelines' failures: it is neither retried nor counted.
/// </summary>
internal static class FacePipelines
{
    public const string Breaker = "face-breaker";
    public const string Read = "face-read";

    /// <summary>
    /// The name the own calls' retry events have always carried (<c>pipeline.name</c>): the one the HTTP client
    /// factory gave it when it was registered on the <c>FaceSessionClient</c> client as <c>face-session-client</c>.
    /// </summary>
    public const string SessionClient = "FaceSessionClient-face-session-client";

    public static void Register(IServiceCollection services)
    {
        services.AddResiliencePipeline<string, HttpResponseMessage>(Breaker, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<FaceResilienceOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILogger<FaceResilienceOptions>>();
            builder
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
                {
                    ShouldHandle = args => ValueTask.FromResult(FaceFailures.IsTransient(args.Outcome)),
                    FailureRatio = options.FailureRatio,
                    MinimumThroughput = options.MinimumThroughput,
                    SamplingDuration = options.SamplingDuration,
                    BreakDuration = options.BreakDuration,
                    OnOpened = args =>
                    {
                        Log.CircuitOpened(logger, args.BreakDuration, FaceFailures.Describe(args.Outcome));
                        return default;
                    },
                    OnHalfOpened = _ =>
                    {
                        Log.CircuitHalfOpened(logger);
                        return default;
                    },
                    OnClosed = _ =>
                    {
                        Log.CircuitClosed(logger);
                        return default;
                    },
                })
                .AddTimeout(options.AttemptTimeout);
        });

        services.AddResiliencePipeline<string, HttpResponseMessage>(Read, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<FaceResilienceOptions>>().Value;
            var logger = context.ServiceProvider.GetRequiredService<ILogger<FaceResilienceOptions>>();
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            if (options.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    MaxDelay = options.MaxRetryAfter,
                    ShouldHandle = args => ValueTask.FromResult(
                        FaceFailures.IsTransient(args.Outcome)
                        && (FaceFailures.RetryAfter(args.Outcome.Result, time) is not { } wait || wait <= options.MaxRetryAfter)),
                    DelayGenerator = args => ValueTask.FromResult(FaceFailures.RetryAfter(args.Outcome.Result, time)),
                    OnRetry = args =>
                    {
                        Log.RetryingRead(logger, args.AttemptNumber + 1, args.RetryDelay, FaceFailures.Describe(args.Outcome));
                        return default;
                    },
                });
            }
        });

        services.AddResiliencePipeline<string, HttpResponseMessage>(SessionClient, builder => builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 1,
            Delay = TimeSpan.FromMilliseconds(200),
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(FaceFailures.IsTransient(args.Outcome)),
        }));
    }

    /// <summary>True when <paramref name="exception"/> (or one inside it) says the circuit is open.</summary>
    public static bool IsCircuitOpen(Exception? exception) => Find<BrokenCircuitException>(exception) is not null;

    /// <summary>True when <paramref name="exception"/> (or one inside it) is an attempt timeout.</summary>
    public static bool IsAttemptTimeout(Exception? exception) => Find<TimeoutRejectedException>(exception) is not null;

    public static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
