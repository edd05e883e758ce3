namespace Liveness.Deploy.Tests;

/// <summary>Paths in the repository under test, found from the test's output directory.</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The directory that holds Gateway.sln.</summary>
    public static string Root => s_root.Value;

    public static string PathOf(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Gateway.sln above {AppContext.BaseDirectory}.");
    }
}
