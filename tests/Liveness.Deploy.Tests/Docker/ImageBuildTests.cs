namespace Liveness.Deploy.Tests.Docker;

/// <summary>
/// Docker has no engine here, so the build stage of each Dockerfile is replayed: the same COPY
/// instructions from the same (ignore-filtered) context, then the same dotnet restore and publish
/// commands, in a fresh directory. What comes out is what the runtime stage would copy.
/// </summary>
public sealed class ImageBuildTests
{
    [Fact]
    public async Task GatewayBuildStage_Replayed_PublishesTheReleaseGatewayWithoutTheEmulator()
    {
        var files = await PublishAsync(ImageSpec.Gateway);

        Assert.Contains("Liveness.Gateway.dll", files);
        Assert.Contains("Liveness.Policies.dll", files);
        Assert.Contains("Liveness.Gateway.runtimeconfig.json", files);
        Assert.DoesNotContain(files, f => f.Contains("Emulator", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Liveness.Gateway", files); // no native app host: the image runs `dotnet Liveness.Gateway.dll`
    }

    [Fact]
    public async Task EmulatorBuildStage_Replayed_PublishesTheEmulatorAlone()
    {
        var files = await PublishAsync(ImageSpec.Emulator);

        Assert.Contains("Liveness.Emulator.dll", files);
        Assert.DoesNotContain(files, f => f.StartsWith("Liveness.Gateway", StringComparison.Ordinal) || f.StartsWith("Liveness.Policies", StringComparison.Ordinal));
    }

    /// <summary>Replays the build stage and returns the file names the final stage would receive.</summary>
    private static async Task<IReadOnlyList<string>> PublishAsync(ImageSpec image)
    {
        var stages = Dockerfile.Parse(File.ReadAllText(Repository.PathOf(image.Dockerfile)));
        var final = stages[^1];
        var handOver = Assert.Single(final.All("COPY"));
        var source = handOver.Operands[0];
        var build = Assert.Single(stages, s => s.Name == handOver.Flags["from"]);

        using var replay = new BuildStageReplay();
        await replay.RunAsync(image.Dockerfile, build);

        var output = replay.HostPath(source);
        Assert.True(Directory.Exists(output), $"{handOver}: the build stage produced no {source}.");
        return [.. Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f))];
    }
}
