using System.Reflection;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Configuration;

/// <summary>A bad or missing setting stops startup with one clear line on stderr and exit code 1, not a stack trace.</summary>
internal static class StartupFailure
{
    /// <summary>
    /// True for an options validation failure while the gateway runs as its own program; hosted by a
    /// test's WebApplicationFactory the exception must reach the test instead.
    /// </summary>
    public static bool IsInvalidConfiguration(Exception exception) =>
        Failures(exception).Count > 0 && Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    /// <summary>
    /// Runs the options validations registered with <c>ValidateOnStart</c> now, before the host starts: a
    /// failure then reaches <see cref="ReportAsync"/> alone, instead of being logged first with its stack
    /// trace by the host ("Hosting failed to start").
    /// </summary>
    public static WebApplication ValidateSettings(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetService<IStartupValidator>()?.Validate();
        return app;
    }

    public static async Task<int> ReportAsync(Exception exception)
    {
        await Console.Error.WriteLineAsync($"Configuration error: {string.Join(" ", Failures(exception))}");
        return 1;
    }

    /// <summary>Every options failure inside <paramref name="exception"/> (all the settings at fault, in one line).</summary>
    private static List<string> Failures(Exception? exception)
    {
        var failures = new List<string>();
        Collect(exception, failures);
        return [.. failures.Distinct(StringComparer.Ordinal)];
    }

    private static void Collect(Exception? exception, List<string> failures)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OptionsValidationException invalid)
            {
                failures.AddRange(invalid.Failures);
                return;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, failures);
                }

                return;
            }
        }
    }
}
