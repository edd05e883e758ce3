using Liveness.Policies.Ownership;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Liveness.Policies.Tests.Ownership;

/// <summary>Outside Development there is no ownership without Redis: the validator refuses the missing connection string.</summary>
public sealed class SessionStoreOptionsValidatorTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Validate_NoRedisOutsideDevelopment_FailsNamingTheSettingAndTheEnvironment(string environmentName)
    {
        var result = new SessionStoreOptionsValidator(new Environment(environmentName)).Validate(null, new SessionStoreOptions { Redis = " " });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"ConnectionStrings:Redis is not set: in the {environmentName} environment", failure, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Redis", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RedisSetInProduction_Succeeds()
    {
        Assert.True(new SessionStoreOptionsValidator(new Environment("Production")).Validate(null, new SessionStoreOptions { Redis = "redis:6379" }).Succeeded);
    }

    [Fact]
    public void Validate_NoRedisInDevelopment_Succeeds()
    {
        Assert.True(new SessionStoreOptionsValidator(new Environment("Development")).Validate(null, new SessionStoreOptions()).Succeeded);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Liveness.Gateway";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
