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
        Find(exception) is not null && Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    public static async Task<int> ReportAsync(Exception exception)
    {
        var invalid = Find(exception)!;
        await Console.Error.WriteLineAsync($"Configuration error: {string.Join(" ", invalid.Failures)}");
        return 1;
    }

    private static OptionsValidationException? Find(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OptionsValidationException invalid)
            {
                return invalid;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
