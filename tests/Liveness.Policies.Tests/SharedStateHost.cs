using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Liveness.Policies.Tests;

/// <summary>A bare host (no ASP.NET Core) with the given environment and settings, for the registrations of the shared state.</summary>
internal static class SharedStateHost
{
    /// <summary>A host builder whose <c>ConnectionStrings:Redis</c> is <paramref name="redis"/> (none: memory, allowed in Development only).</summary>
    public static HostApplicationBuilder Builder(string? redis, string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        return builder;
    }
}
