namespace Liveness.Deploy.Tests.Docker;

/// <summary>
/// Replays the build stage of a Dockerfile without a Docker engine: its WORKDIR, COPY (from the
/// repository as build context, filtered by the ignore file BuildKit would use) and RUN
/// instructions, in a fresh directory that stands in for the container's root file system. Only
/// the plain forms this repository's Dockerfiles use are supported; anything else fails loudly
/// rather than being replayed wrong.
/// </summary>
internal sealed class BuildStageReplay : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("liveness-docker-build-");

    /// <summary>A container path (for example /app) as a path of the replay's file system.</summary>
    public string HostPath(string containerPath) =>
        Path.Combine(_root.FullName, containerPath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));

    public async Task RunAsync(string dockerfileRelativePath, DockerStage stage, CancellationToken cancellationToken = default)
    {
        var ignore = DockerIgnore.ForDockerfile(dockerfileRelativePath);
        var workdir = "/";
        foreach (var instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Absolute(workdir, instruction.Arguments);
                    Directory.CreateDirectory(HostPath(workdir));
                    break;
                case "COPY":
                    Copy(instruction, workdir, ignore);
                    break;
                case "RUN":
                    await RunAsync(instruction, workdir, cancellationToken);
                    break;
                case "ARG":
                case "LABEL":
                    break;
                default:
                    Assert.Fail($"{instruction}: the replay does not implement {instruction.Keyword} in a build stage.");
                    break;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is no test failure
        }
    }

    private static string Absolute(string workdir, string path) =>
        path.StartsWith('/') ? path : $"{workdir.TrimEnd('/')}/{path}";

    private void Copy(DockerInstruction copy, string workdir, DockerIgnore ignore)
    {
        Assert.True(copy.Flags.Count == 0, $"{copy}: COPY flags are not replayed in a build stage.");
        var operands = copy.Operands;
        Assert.True(operands.Count >= 2, $"{copy}: COPY needs a source and a destination.");
        var sources = operands.Take(operands.Count - 1).ToList();
        var destination = Absolute(workdir, operands[^1]);
        var intoDirectory = operands[^1].EndsWith('/') || sources.Count > 1;
        foreach (var source in sources)
        {
            Assert.True(source.IndexOfAny(['*', '?', '[']) < 0 && !source.Contains("..", StringComparison.Ordinal), $"{copy}: wildcards and parent paths are not replayed.");
            var relative = (source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source).Trim('/');
            relative = relative == "." ? "" : relative;
            var contextPath = Repository.PathOf(relative.Length == 0 ? "." : relative);
            if (Directory.Exists(contextPath))
            {
                Assert.True(intoDirectory || operands[^1] is "." or "./", $"{copy}: a directory is copied into a directory (end the destination with '/').");
                var files = Directory.EnumerateFiles(contextPath, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(Repository.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
                    .Where(f => !ignore.IsExcluded(f))
                    .ToList();
                Assert.True(files.Count > 0 || relative.Length == 0, $"{copy}: {source} is empty or entirely excluded from the build context.");
                foreach (var file in files)
                {
                    var inside = relative.Length == 0 ? file : file[(relative.Length + 1)..];
                    CopyFile(Repository.PathOf(file), HostPath($"{destination.TrimEnd('/')}/{inside}"));
                }
            }
            else
            {
                Assert.True(File.Exists(contextPath) && !ignore.IsExcluded(relative), $"{copy}: {source} is not in the build context (missing, or excluded by the ignore file): docker build would fail here.");
                var target = intoDirectory || operands[^1] is "." or "./" ? $"{destination.TrimEnd('/')}/{Path.GetFileName(relative)}" : destination;
                CopyFile(contextPath, HostPath(target));
            }
        }
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }

    private async Task RunAsync(DockerInstruction run, string workdir, CancellationToken cancellationToken)
    {
        var words = run.Words;
        Assert.False(run.Arguments.StartsWith('['), $"{run}: the exec form of RUN is not replayed.");
        Assert.DoesNotContain(words, w => w is "&&" or "||" or ";" or "|" or ">" or "<" || w.Contains('$', StringComparison.Ordinal));
        Assert.True(words[0] == "dotnet", $"{run}: only dotnet commands are replayed.");

        // Absolute container paths (/app, /src/...) point into the replay's file system.
        var arguments = words.Skip(1).Select(w => w.StartsWith('/') ? HostPath(w) : w).ToList();
        var result = await ExternalProcess.RunAsync("dotnet", arguments, HostPath(workdir), timeout: TimeSpan.FromMinutes(8), cancellationToken: cancellationToken);
        Assert.True(result.ExitCode == 0, $"{run} failed with exit code {result.ExitCode}:{Environment.NewLine}{result.Output}");
    }
}
