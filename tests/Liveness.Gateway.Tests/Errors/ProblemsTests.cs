using System.Text.RegularExpressions;
using Liveness.Gateway.Errors;
using Liveness.Gateway.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Liveness.Gateway.Tests.Errors;

public sealed partial class ProblemsTests
{
    private static IEnumerable<string> Codes => Problems.All.Select(problem => problem.Code).OfType<string>();

    [Fact]
    public void All_ListsEveryProblemOfTheCatalog()
    {
        var fields = typeof(Problems).GetFields().Where(field => field.FieldType == typeof(Problem)).ToList();

        Assert.NotEmpty(fields);
        Assert.Equal(fields.Count, Problems.All.Count);
        Assert.All(fields, field => Assert.Contains((Problem)field.GetValue(null)!, Problems.All));
    }

    [Fact]
    public void All_EachCodeIsDefinedOnce()
    {
        var duplicates = Codes.GroupBy(code => code, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key);

        Assert.Empty(duplicates);
    }

    [Fact]
    public void All_EachProblemIsAClientOrServerErrorWithATitleAndDetail()
    {
        Assert.All(Problems.All, problem =>
        {
            Assert.InRange(problem.Status, 400, 599);
            Assert.False(string.IsNullOrWhiteSpace(problem.Title));
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
            Assert.True(problem.Code is null || CodeShape().IsMatch(problem.Code), $"'{problem.Code}' is not an identifier");
        });
    }

    [Fact]
    public void All_OnlyTheForbiddenAnswerHasNoCode()
    {
        var withoutCode = Problems.All.Where(problem => problem.Code is null).Select(problem => problem.Status).Distinct().Order();

        Assert.Equal([StatusCodes.Status403Forbidden], withoutCode);
    }

    [Fact]
    public void All_Every401HasACode()
    {
        var unauthorized = Problems.All.Where(problem => problem.Status == StatusCodes.Status401Unauthorized).ToList();

        Assert.Equal(["BearerTokenMissing", "BearerTokenInvalid", "BearerTokenExpired", "BearerTokenWrongAudience", "BearerTokenSubjectMissing", "LivenessRequired"],
            unauthorized.Select(problem => problem.Code));
    }

    [Fact]
    public void ToResult_CarriesTheCatalogsStatusTitleCodeAndDetail()
    {
        var result = Problems.SessionNotFound.ToResult();

        Assert.Equal(StatusCodes.Status404NotFound, result.StatusCode);
        Assert.Equal("Session not found", result.ProblemDetails.Title);
        Assert.Equal("No session with this id belongs to you.", result.ProblemDetails.Detail);
        Assert.Equal("SessionNotFound", result.ProblemDetails.Extensions[GatewayProblem.CodeExtension]);
    }

    [Fact]
    public void ToResult_WithoutCode_HasNoCodeExtension()
    {
        var result = Problems.Forbidden.ToResult();

        Assert.Equal(StatusCodes.Status403Forbidden, result.StatusCode);
        Assert.False(result.ProblemDetails.Extensions.ContainsKey(GatewayProblem.CodeExtension));
    }

    [Fact]
    public void BodyOverLimit_NamesTheLimitInTheDetail()
    {
        var result = Problems.BodyOverLimit(6 * 1024 * 1024);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
        Assert.Equal("PayloadTooLarge", result.ProblemDetails.Extensions[GatewayProblem.CodeExtension]);
        Assert.Equal("The body exceeds this route's limit of 6291456 bytes.", result.ProblemDetails.Detail);
    }

    [Fact]
    public void GatewayLimits_AnswerWithTheirCatalogProblem()
    {
        GatewayLimit[] limits = [GatewayLimit.SessionCreation, GatewayLimit.SessionReads, GatewayLimit.UpstreamBudget];

        Assert.Equal(["SessionCreationLimit", "SessionReadLimit", "UpstreamBudget"], limits.Select(limit => limit.Code));
        Assert.All(limits, limit =>
        {
            Assert.Contains(limit.Problem, Problems.All);
            Assert.Equal(StatusCodes.Status429TooManyRequests, limit.Problem.Status);
        });
    }

    [Fact]
    public void Docs_NameEveryCodeOfTheCatalog()
    {
        var documented = Documentation().SelectMany(file => BacktickSpan().Matches(file.Text))
            .SelectMany(span => Word().Matches(span.Groups[1].Value)).Select(word => word.Value).ToHashSet(StringComparer.Ordinal);

        var undocumented = Codes.Where(code => !documented.Contains(code));

        Assert.Empty(undocumented);
    }

    [Fact]
    public void Docs_ListOnlyCodesOfTheCatalog()
    {
        var listed = Documentation().SelectMany(file => CodesInCodeColumns(file.Text).Select(code => (file.Name, code))).ToList();

        Assert.NotEmpty(listed);
        var unknown = listed.Where(entry => !Codes.Contains(entry.code, StringComparer.Ordinal)).Select(entry => $"{entry.Name}: {entry.code}");
        Assert.Empty(unknown);
    }

    /// <summary>
    /// The backticked identifiers in the <c>code</c> column of every Markdown table that has one, except in rows
    /// about Face's own codes (passed on to the client, so not the gateway's to define).
    /// </summary>
    private static IEnumerable<string> CodesInCodeColumns(string markdown)
    {
        var column = -1;
        foreach (var line in markdown.Split('\n').Select(line => line.Trim()))
        {
            if (!line.StartsWith('|'))
            {
                column = -1;
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
            if (column < 0)
            {
                column = Array.FindIndex(cells, cell => CodeHeader().IsMatch(cell));
                column = column < 0 ? int.MaxValue : column; // a table without a code column
                continue;
            }

            if (column >= cells.Length || line.Contains("Face's", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match span in BacktickSpan().Matches(cells[column]))
            {
                if (CodeShape().IsMatch(span.Groups[1].Value))
                {
                    yield return span.Groups[1].Value;
                }
            }
        }
    }

    private static IEnumerable<(string Name, string Text)> Documentation()
    {
        var root = RepositoryRoot();
        var docs = Path.Combine(root, "docs");
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.Exists(docs) ? Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories) : []);
        return files.Select(path => (Path.GetRelativePath(root, path), File.ReadAllText(path)));
    }

    private static string RepositoryRoot()
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

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    private static partial Regex CodeShape();

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex BacktickSpan();

    [GeneratedRegex("[A-Za-z0-9]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^`?code`?(\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex CodeHeader();
}
