using System.Text.Json;

namespace Liveness.Deploy.Tests.Docker;

/// <summary>What an image definition of this repository must be, per project.</summary>
internal sealed record ImageSpec(string Dockerfile, string Project, string ProjectFile, IReadOnlyList<string> Ports, IReadOnlyList<string> ForbiddenSources)
{
    public static readonly ImageSpec Gateway = new(
        "gateway/Dockerfile", "Liveness.Gateway", "gateway/Liveness.Gateway.csproj", ["8080", "8081"], ["emulator", "tests", "bench"]);

    public static readonly ImageSpec Emulator = new(
        "emulator/Dockerfile", "Liveness.Emulator", "emulator/Liveness.Emulator.csproj", ["8080"], ["gateway", "policies", "tests", "bench"]);
}

/// <summary>
/// Static checks of a Dockerfile, for what can be known without a Docker engine: an SDK build
/// stage whose restore sees only build rules and project files (so it is cached apart from the
/// source), a Release publish without a second restore, and a chiseled, non-root runtime stage that
/// receives only the publish output.
/// </summary>
internal static class DockerfilePolicy
{
    public const string SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0";
    public const string RuntimeImage = "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled";

    private static readonly HashSet<string> s_restoreInputs = new(StringComparer.Ordinal)
    {
        "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "NuGet.config",
    };

    public static IReadOnlyList<string> Check(string dockerfileText, ImageSpec image)
    {
        var violations = new List<string>();
        var stages = Dockerfile.Parse(dockerfileText);
        if (stages.Count < 2)
        {
            return [$"a multi-stage build is required (found {stages.Count} stage)"];
        }

        var build = stages[0];
        var final = stages[^1];
        if (build.BaseImage != SdkImage || build.Name is null)
        {
            violations.Add($"the first stage must be a named build stage FROM {SdkImage} (is {build.BaseImage})");
        }

        if (final.BaseImage != RuntimeImage)
        {
            violations.Add($"the final stage must be FROM {RuntimeImage} (is {final.BaseImage})");
        }

        CheckBuildStage(build, image, violations);
        CheckFinalStage(final, build, image, violations);

        foreach (var copy in stages.SelectMany(s => s.All("COPY").Concat(s.All("ADD"))))
        {
            foreach (var source in copy.Operands.Take(copy.Operands.Count - 1))
            {
                var top = (source.StartsWith("./", StringComparison.Ordinal) ? source[2..] : source).TrimStart('/').Split('/')[0];
                if (image.ForbiddenSources.Contains(top, StringComparer.Ordinal))
                {
                    violations.Add($"{copy}: {top}/ must not be copied into the {image.Project} image");
                }
            }
        }

        if (stages.SelectMany(s => s.Instructions).Any(i => i.Keyword == "ADD"))
        {
            violations.Add("use COPY, not ADD");
        }

        return violations;
    }

    private static void CheckBuildStage(DockerStage build, ImageSpec image, List<string> violations)
    {
        var instructions = build.Instructions;
        var restore = instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var publish = instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        if (restore < 0)
        {
            violations.Add("the build stage must run `dotnet restore` before copying the sources");
            return;
        }

        var restoreRun = instructions[restore];
        if (!restoreRun.Words.Contains(image.ProjectFile))
        {
            violations.Add($"{restoreRun}: must restore {image.ProjectFile}");
        }

        if (!restoreRun.Words.Contains("-p:Configuration=Release"))
        {
            violations.Add($"{restoreRun}: must restore with -p:Configuration=Release, the project graph the Release publish builds");
        }

        foreach (var copy in instructions.Take(restore).Where(i => i.Keyword == "COPY"))
        {
            foreach (var source in copy.Operands.Take(copy.Operands.Count - 1))
            {
                if (!s_restoreInputs.Contains(source) && !source.EndsWith(".csproj", StringComparison.Ordinal))
                {
                    violations.Add($"{copy}: only build rules and project files may be copied before the restore (not {source}), or every source edit invalidates the restore layer");
                }
            }
        }

        if (!instructions.Skip(restore + 1).Any(i => i.Keyword == "COPY"))
        {
            violations.Add("the sources must be copied after the restore");
        }

        if (publish < restore)
        {
            violations.Add("the build stage must run `dotnet publish` after the restore");
            return;
        }

        var publishWords = instructions[publish].Words;
        foreach (var required in new[] { image.ProjectFile, "--no-restore", "/app" })
        {
            if (!publishWords.Contains(required))
            {
                violations.Add($"{instructions[publish]}: must contain {required}");
            }
        }

        var configuration = publishWords.ToList().IndexOf("-c");
        if (configuration < 0 || configuration + 1 >= publishWords.Count || publishWords[configuration + 1] != "Release")
        {
            violations.Add($"{instructions[publish]}: must publish with -c Release (Debug builds contain the emulator)");
        }
    }

    private static void CheckFinalStage(DockerStage final, DockerStage build, ImageSpec image, List<string> violations)
    {
        var user = final.All("USER").LastOrDefault()?.Arguments;
        if (user is null or "root" or "0" or "0:0")
        {
            violations.Add($"the final stage must switch to the non-root user (USER $APP_UID), not {user ?? "the default"}");
        }
        else if (user is not ("$APP_UID" or "${APP_UID}" or "app" or "1654"))
        {
            violations.Add($"USER {user}: must be $APP_UID, the `app` user (1654) of the chiseled image");
        }

        if (final.All("RUN").Any())
        {
            violations.Add("the final stage must not RUN anything: the chiseled image has no shell");
        }

        foreach (var copy in final.All("COPY"))
        {
            if (copy.Flags.GetValueOrDefault("from") != build.Name)
            {
                violations.Add($"{copy}: the final stage must receive only the build stage's output (COPY --from={build.Name})");
            }
        }

        var entrypoint = final.All("ENTRYPOINT").LastOrDefault()?.Arguments;
        string[]? exec = null;
        try
        {
            exec = entrypoint is null ? null : JsonSerializer.Deserialize<string[]>(entrypoint);
        }
        catch (JsonException)
        {
        }

        if (exec is null || !exec.SequenceEqual(["dotnet", $"{image.Project}.dll"]))
        {
            violations.Add($"ENTRYPOINT must be the exec form [\"dotnet\", \"{image.Project}.dll\"] (is {entrypoint ?? "unset"})");
        }

        var exposed = final.All("EXPOSE").SelectMany(e => e.Words).ToHashSet(StringComparer.Ordinal);
        if (!exposed.SetEquals(image.Ports))
        {
            violations.Add($"EXPOSE must list {string.Join(" ", image.Ports)} (is {string.Join(" ", exposed)})");
        }

        if (!final.All("ENV").Any(e => e.Arguments.Replace(" ", "=", StringComparison.Ordinal) == "ASPNETCORE_HTTP_PORTS=8080"))
        {
            violations.Add("the final stage must set ENV ASPNETCORE_HTTP_PORTS=8080");
        }
    }
}
