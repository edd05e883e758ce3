using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Liveness.Deploy.Tests.K8s;

/// <summary>
/// The reload mechanism the manifests rely on, with the gateway's own provider call
/// (<c>AddKeyPerFile(directory, optional: false, reloadOnChange: true)</c>) against a directory laid
/// out and updated the way the kubelet updates a mounted ConfigMap or Secret: the files are symlinks
/// through <c>..data</c>, and an update writes a new timestamped directory and renames a new
/// <c>..data</c> symlink over the old one.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class ConfigurationReloadTests : IDisposable
{
    private readonly DirectoryInfo _mount = Directory.CreateTempSubdirectory("liveness-configmap-");
    private int _generation;

    [Fact]
    public async Task KeyPerFile_WithPollingWatcherAsTheManifestSetsIt_ReloadsAfterTheKubeletSymlinkSwap()
    {
        var (reloaded, endpoint) = await SwapAsync(pollingWatcher: "true", wait: TimeSpan.FromSeconds(30));

        Assert.True(reloaded, "no reload within 30 s of the swap");
        Assert.Equal("https://two.example.com", endpoint);
    }

    /// <summary>
    /// Why the manifests set DOTNET_USE_POLLING_FILE_WATCHER: the default (inotify) watcher watches the
    /// key files, and the swap renames ..data without touching them. If this starts failing, the
    /// runtime sees the swap by itself and the variable may no longer be needed.
    /// </summary>
    [Fact]
    public async Task KeyPerFile_WithTheDefaultWatcher_MissesTheKubeletSymlinkSwap()
    {
        var (reloaded, endpoint) = await SwapAsync(pollingWatcher: null, wait: TimeSpan.FromSeconds(15));

        Assert.False(reloaded, "the default watcher saw the swap");
        Assert.Equal("https://one.example.com", endpoint);
    }

    [Fact]
    public void KeyPerFile_KubeletLayout_ReadsOnlyTheKeysNotTheDotDotEntries()
    {
        WriteGeneration(("Face__Endpoint", "https://one.example.com"), ("ConnectionStrings__Redis", "redis:6379"));

        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddKeyPerFile(_mount.FullName, optional: false).Build();

        Assert.Equal(
            ["ConnectionStrings:Redis=redis:6379", "Face:Endpoint=https://one.example.com"],
            configuration.AsEnumerable().Where(p => p.Value is not null).Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
    }

    public void Dispose() => _mount.Delete(recursive: true);

    /// <summary>Loads generation one, swaps in generation two, and waits for a reload.</summary>
    private async Task<(bool Reloaded, string? Endpoint)> SwapAsync(string? pollingWatcher, TimeSpan wait)
    {
        WriteGeneration(("Face__Endpoint", "https://one.example.com"));
        var previous = Environment.GetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", pollingWatcher);
        try
        {
            // The gateway's call (Configuration/GatewayConfigurationExtensions.cs).
            using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddKeyPerFile(_mount.FullName, optional: false, reloadOnChange: true).Build();
            Assert.Equal("https://one.example.com", configuration["Face:Endpoint"]);
            var reloaded = Reloaded(configuration);

            WriteGeneration(("Face__Endpoint", "https://two.example.com"));

            var finished = await Task.WhenAny(reloaded, Task.Delay(wait));
            return (finished == reloaded, configuration["Face:Endpoint"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", previous);
        }
    }

    private static Task Reloaded(IConfigurationRoot configuration)
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ChangeToken.OnChange(configuration.GetReloadToken, () => reloaded.TrySetResult());
        return reloaded.Task;
    }

    /// <summary>What the kubelet's atomic writer does: a new data directory, then one rename of ..data.</summary>
    private void WriteGeneration(params (string Name, string Value)[] files)
    {
        var generation = $"..2025_01_01_00_00_00.{++_generation:D9}";
        var data = Directory.CreateDirectory(Path.Combine(_mount.FullName, generation));
        foreach (var (name, value) in files)
        {
            File.WriteAllText(Path.Combine(data.FullName, name), value);
        }

        var previous = Directory.Exists(Path.Combine(_mount.FullName, "..data")) ? new DirectoryInfo(Path.Combine(_mount.FullName, "..data")).LinkTarget : null;
        var temporary = Path.Combine(_mount.FullName, "..data_tmp");
        File.CreateSymbolicLink(temporary, generation);
        // rename(2) of the link itself, as the kubelet does (File.Move would follow the link).
        using (var rename = System.Diagnostics.Process.Start("mv", ["-T", "-f", temporary, Path.Combine(_mount.FullName, "..data")]))
        {
            rename.WaitForExit();
            Assert.Equal(0, rename.ExitCode);
        }

        foreach (var (name, _) in files)
        {
            var link = Path.Combine(_mount.FullName, name);
            if (!Path.Exists(link) && new FileInfo(link).LinkTarget is null)
            {
                File.CreateSymbolicLink(link, Path.Combine("..data", name));
            }
        }

        if (previous is not null)
        {
            Directory.Delete(Path.Combine(_mount.FullName, previous), recursive: true);
        }
    }
}

/// <summary>Tests that change process-wide environment variables run one at a time.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;
