using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Configuration;

/// <summary>A bad or missing setting stops startup with one clear line on stderr and exit code 1, not a stack trace.</summary>
internal static class StartupFailure
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (Find(e) is { } invalid)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join(" ", invalid.Failures)}");
            return 1;
        }
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
