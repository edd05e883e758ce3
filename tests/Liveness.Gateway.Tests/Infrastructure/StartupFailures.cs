using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>Finds the options validation failure behind a gateway that refused to start.</summary>
public static class StartupFailures
{
    public static OptionsValidationException? FindValidationFailure(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OptionsValidationException invalid)
            {
                return invalid;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(FindValidationFailure).FirstOrDefault(found => found is not null);
            }
        }

        return null;
    }
}
