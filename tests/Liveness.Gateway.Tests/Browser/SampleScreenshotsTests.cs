namespace Liveness.Gateway.Tests.Browser;

/// <summary>
/// The pictures of the sample web app that the README and samples/web/README.md show are committed, small, and
/// linked (<see cref="SampleWebAppTests"/> rewrites them from the running app with <c>UPDATE_SCREENSHOTS=1</c>).
/// </summary>
public sealed class SampleScreenshotsTests
{
    private const long MaxBytes = 100 * 1024;

    private static readonly string Root = Path.GetFullPath(Path.Combine(SampleWebServer.Folder, "..", ".."));

    [Theory]
    [InlineData("signed-out")]
    [InlineData("liveness-ui")]
    [InlineData("result")]
    [InlineData("backend")]
    [InlineData("spoof")]
    [InlineData("rate-limited")]
    public void Screenshot_IsACommittedPngUnder100KB(string state)
    {
        var file = new FileInfo(Path.Combine(Root, "docs", "images", $"sample-{state}.png"));

        Assert.True(file.Exists, $"{file.FullName} is missing: UPDATE_SCREENSHOTS=1 dotnet test --filter SampleWebAppTests");
        Assert.InRange(file.Length, 1, MaxBytes);
        using var stream = file.OpenRead();
        var signature = new byte[8];
        stream.ReadExactly(signature);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, signature);
    }

    [Fact]
    public void Readme_FirstScreen_ShowsTheSampleAndSaysWhereTheContractIs()
    {
        var firstScreen = string.Join('\n', File.ReadLines(Path.Combine(Root, "README.md")).Take(20));

        Assert.Contains("](docs/images/sample-", firstScreen, StringComparison.Ordinal);
        Assert.Contains("(docs/openapi.json)", firstScreen, StringComparison.Ordinal);
    }
}
