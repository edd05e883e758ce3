using System.Text;
using System.Text.RegularExpressions;

namespace Liveness.Deploy.Tests.Docker;

/// <summary>
/// A .dockerignore file: the patterns (Go filepath.Match syntax plus <c>**</c>, later lines win,
/// <c>!</c> re-includes) that keep paths out of the build context. A path is excluded when it or
/// one of its parent directories matches.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules = [];

    private DockerIgnore(string text)
    {
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..]).Trim().Trim('/');
            if (pattern.Contains('[', StringComparison.Ordinal) || pattern.Contains('\\', StringComparison.Ordinal))
            {
                throw new NotSupportedException($".dockerignore pattern '{line}' uses syntax this reader does not implement.");
            }

            _rules.Add((ToRegex(pattern), exclude));
        }
    }

    /// <summary>
    /// The ignore file BuildKit uses for a Dockerfile with the repository root as context:
    /// <c>&lt;Dockerfile&gt;.dockerignore</c> beside it if present, else the root .dockerignore.
    /// </summary>
    public static DockerIgnore ForDockerfile(string dockerfileRelativePath)
    {
        var specific = Repository.PathOf($"{dockerfileRelativePath}.dockerignore");
        var root = Repository.PathOf(".dockerignore");
        return new DockerIgnore(File.Exists(specific) ? File.ReadAllText(specific) : File.Exists(root) ? File.ReadAllText(root) : "");
    }

    public static DockerIgnore FromText(string text) => new(text);

    /// <summary>True when the context path (relative, '/'-separated) is left out of the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var segments = relativePath.Trim('/').Split('/');
        for (var length = 1; length <= segments.Length; length++)
        {
            if (Matches(string.Join('/', segments[..length])))
            {
                return true;
            }
        }

        return false;
    }

    private bool Matches(string path)
    {
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (pattern.IsMatch(path))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    regex.Append("(?:.*/)?"); // **/ : any number of directories, including none
                }
                else
                {
                    regex.Append(".*");
                }
            }
            else if (pattern[i] == '*')
            {
                regex.Append("[^/]*");
            }
            else if (pattern[i] == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(pattern[i].ToString()));
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
