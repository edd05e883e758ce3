using Liveness.Policies.Verdicts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Liveness.Policies.Tests.Verdicts;

/// <summary><see cref="VerdictsServiceCollectionExtensions.AddVerdicts"/> on its own: memory in Development, a bad time to live refused at startup.</summary>
public sealed class VerdictsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddVerdicts_Alone_WithoutRedisInDevelopment_KeepsVerdictsInMemory()
    {
        var builder = SharedStateHost.Builder(redis: null);
        builder.Services.AddVerdicts();
        builder.Services.AddVerdicts(); // a second call adds nothing
        using var host = builder.Build();

        Assert.IsType<InMemoryVerdictStore>(Assert.Single(host.Services.GetServices<IVerdictStore>()));
        Assert.Equal(TimeSpan.FromHours(1), host.Services.GetRequiredService<IOptions<VerdictOptions>>().Value.TimeToLive);
    }

    [Theory]
    [InlineData("00:00:30")]
    [InlineData("2.00:00:00")]
    public void AddVerdicts_TimeToLiveOutOfRange_StartupSaysHowToFixIt(string timeToLive)
    {
        var builder = SharedStateHost.Builder(redis: null, settings: new Dictionary<string, string?> { ["Liveness:Verdicts:TimeToLive"] = timeToLive });
        builder.Services.AddVerdicts();
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<VerdictOptions>>().Value);
        Assert.Contains($"Liveness:Verdicts:TimeToLive is {timeToLive}: set it between 00:01:00 and 1.00:00:00", error.Message, StringComparison.Ordinal);
    }
}
