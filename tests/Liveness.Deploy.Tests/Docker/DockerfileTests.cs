namespace Liveness.Deploy.Tests.Docker;

public sealed class DockerfileTests
{
    public static TheoryData<string> Images => ["gateway", "emulator"];

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_OfEveryImage_KeepsTheImageRules(string image)
    {
        var spec = Spec(image);

        var violations = DockerfilePolicy.Check(File.ReadAllText(Repository.PathOf(spec.Dockerfile)), spec);

        Assert.Empty(violations);
    }

    [Fact]
    public void Check_SingleStageDockerfile_IsRejected()
    {
        const string Naive = """
            FROM mcr.microsoft.com/dotnet/sdk:10.0
            WORKDIR /src
            COPY . .
            COPY emulator/ emulator/
            RUN dotnet publish gateway/Liveness.Gateway.csproj -o /app
            ENTRYPOINT dotnet /app/Liveness.Gateway.dll
            """;

        var violations = DockerfilePolicy.Check(Naive, ImageSpec.Gateway);

        Assert.Equal(["a multi-stage build is required (found 1 stage)"], violations);
    }

    [Fact]
    public void Check_DockerfileThatRestoresAfterTheSourcesAndRunsAsRoot_IsRejected()
    {
        const string Bad = """
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            WORKDIR /src
            COPY global.json Directory.Build.props ./
            COPY gateway/ gateway/
            COPY emulator/ emulator/
            RUN dotnet restore gateway/Liveness.Gateway.csproj
            RUN dotnet publish gateway/Liveness.Gateway.csproj -c Debug -o /app

            FROM mcr.microsoft.com/dotnet/aspnet:10.0
            WORKDIR /app
            COPY --from=build /app .
            COPY appsettings.json .
            USER root
            RUN chmod -R 777 /app
            ENTRYPOINT dotnet Liveness.Gateway.dll
            """;

        var violations = string.Join(Environment.NewLine, DockerfilePolicy.Check(Bad, ImageSpec.Gateway));

        foreach (var expected in new[]
        {
            "the final stage must be FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled",
            "only build rules and project files may be copied before the restore (not gateway/)",
            "must restore with -p:Configuration=Release",
            "must contain --no-restore",
            "must publish with -c Release",
            "the final stage must switch to the non-root user (USER $APP_UID), not root",
            "the final stage must not RUN anything",
            "the final stage must receive only the build stage's output",
            "ENTRYPOINT must be the exec form",
            "EXPOSE must list 8080 8081",
            "ENV ASPNETCORE_HTTP_PORTS=8080",
            "emulator/ must not be copied into the Liveness.Gateway image",
        })
        {
            Assert.Contains(expected, violations, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_GatewayDockerfileWithoutUser_IsRejected()
    {
        var text = File.ReadAllText(Repository.PathOf(ImageSpec.Gateway.Dockerfile));
        Assert.Empty(DockerfilePolicy.Check(text, ImageSpec.Gateway));

        var withoutUser = string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Where(l => !l.StartsWith("USER ", StringComparison.Ordinal)));

        Assert.Contains(DockerfilePolicy.Check(withoutUser, ImageSpec.Gateway), v => v.Contains("non-root user", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gateway/Dockerfile", "emulator/Program.cs", true)]
    [InlineData("gateway/Dockerfile", "tests/Liveness.Gateway.Tests/Liveness.Gateway.Tests.csproj", true)]
    [InlineData("gateway/Dockerfile", "bench/README.md", true)]
    [InlineData("gateway/Dockerfile", "samples/AssertionVerifier/Program.cs", true)]
    [InlineData("gateway/Dockerfile", "gateway/obj/project.assets.json", true)]
    [InlineData("gateway/Dockerfile", "policies/bin/Debug/net10.0/Liveness.Policies.dll", true)]
    [InlineData("gateway/Dockerfile", "tests/deploy/node_modules/yaml/package.json", true)]
    [InlineData("gateway/Dockerfile", ".git/HEAD", true)]
    [InlineData("gateway/Dockerfile", "gateway/Program.cs", false)]
    [InlineData("gateway/Dockerfile", "policies/Liveness.Policies.csproj", false)]
    [InlineData("gateway/Dockerfile", "Directory.Packages.props", false)]
    [InlineData("gateway/Dockerfile", "appsettings.json", false)]
    [InlineData("emulator/Dockerfile", "emulator/Program.cs", false)]
    [InlineData("emulator/Dockerfile", "emulator/obj/project.assets.json", true)]
    [InlineData("emulator/Dockerfile", "gateway/Program.cs", true)]
    public void IgnoreFile_OfEachDockerfile_KeepsTheContextToWhatTheImageNeeds(string dockerfile, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.ForDockerfile(dockerfile).IsExcluded(path));
    }

    [Theory]
    [InlineData("**/bin/", "src/a/bin/x.dll", true)]
    [InlineData("**/bin/", "bin/x.dll", true)]
    [InlineData("**/bin/", "binary/x.dll", false)]
    [InlineData("tests/", "src/tests/x", false)]
    [InlineData("*.md\n!README.md", "README.md", false)]
    [InlineData("*.md\n!README.md", "CHANGES.md", true)]
    public void IgnoreFile_Patterns_FollowDockerSemantics(string patterns, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.FromText(patterns).IsExcluded(path));
    }

    private static ImageSpec Spec(string image) => image == "gateway" ? ImageSpec.Gateway : ImageSpec.Emulator;
}
