using System.Text;

namespace Liveness.Deploy.Tests.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The arguments split on white space (Dockerfile shell-form words, without quoting rules).</summary>
    public IReadOnlyList<string> Words => Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The <c>--name=value</c> flags before the first plain word (COPY --from, --chown).</summary>
    public IReadOnlyDictionary<string, string> Flags =>
        Words.TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal))
            .Select(w => w[2..].Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    /// <summary>The words after the flags: for COPY, the sources then the destination.</summary>
    public IReadOnlyList<string> Operands => [.. Words.SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal))];

    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}

/// <summary>One build stage: <c>FROM image [AS name]</c> and the instructions up to the next FROM.</summary>
internal sealed record DockerStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(i => string.Equals(i.Keyword, keyword, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A Dockerfile read into stages, enough for static checks and for replaying a build stage.</summary>
internal static class Dockerfile
{
    public static IReadOnlyList<DockerStage> Parse(string text)
    {
        var stages = new List<DockerStage>();
        string? baseImage = null;
        string? name = null;
        var instructions = new List<DockerInstruction>();
        foreach (var instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                if (baseImage is not null)
                {
                    stages.Add(new DockerStage(baseImage, name, instructions));
                }

                var words = instruction.Operands;
                baseImage = words[0];
                name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                instructions = [];
            }
            else if (baseImage is null && instruction.Keyword != "ARG")
            {
                throw new InvalidDataException($"{instruction} comes before the first FROM.");
            }
            else
            {
                instructions.Add(instruction);
            }
        }

        if (baseImage is not null)
        {
            stages.Add(new DockerStage(baseImage, name, instructions));
        }

        return stages;
    }

    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var pending = new StringBuilder();
        var start = 0;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue; // comments (and parser directives) and blank lines, also inside continuations
            }

            if (pending.Length == 0)
            {
                start = index + 1;
            }

            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }

            pending.Append(line);
            var instruction = pending.ToString().Trim();
            pending.Clear();
            if (instruction.Length == 0)
            {
                continue;
            }

            var split = instruction.IndexOfAny([' ', '\t']);
            yield return split < 0
                ? new DockerInstruction(instruction.ToUpperInvariant(), "", start)
                : new DockerInstruction(instruction[..split].ToUpperInvariant(), instruction[(split + 1)..].Trim(), start);
        }
    }
}
