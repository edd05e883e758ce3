using System.Globalization;
using System.Text.Json.Nodes;
using Liveness.Gateway.Errors;
using Microsoft.OpenApi;

namespace Liveness.Gateway.OpenApi;

/// <summary>
/// Writes a route's problems into its operation: one response per status, listing each <c>code</c> with its meaning,
/// <c>Retry-After</c> where a problem of that status sets it, and the <c>WWW-Authenticate</c> challenge on 401.
/// </summary>
internal static class ProblemResponses
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The statuses at which a Face route may pass on Face's own refusal with Face's code.</summary>
    private static readonly int[] FaceRefusalStatuses = [400, 404, 409, 413, 415, 422, 429];

    public static void Add(OpenApiOperation operation, OpenApiDocument document, IEnumerable<Problem> problems, bool passesFaceRefusals)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(problems);
        operation.Responses ??= [];
        var byStatus = problems.Distinct().GroupBy(p => p.Status).ToDictionary(g => g.Key, g => g.ToList());
        if (passesFaceRefusals)
        {
            foreach (var status in FaceRefusalStatuses)
            {
                byStatus.TryAdd(status, []);
            }
        }

        foreach (var (status, listed) in byStatus.OrderBy(s => s.Key))
        {
            var faceCodes = passesFaceRefusals && FaceRefusalStatuses.Contains(status);
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = Response(document, status, listed, faceCodes);
        }
    }

    /// <summary>One example per code, named by it, so each code of the status is machine-readable even where Face's own codes may also come.</summary>
    private static Dictionary<string, IOpenApiExample>? Examples(List<Problem> problems)
    {
        var coded = problems.Where(p => p.Code is not null).ToList();
        return coded.Count == 0 ? null : coded.ToDictionary(
            p => p.Code!,
            p => (IOpenApiExample)new OpenApiExample
            {
                Value = new JsonObject
                {
                    ["title"] = p.Title,
                    ["status"] = p.Status,
                    ["detail"] = p.Detail,
                    ["code"] = p.Code,
                    ["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
                },
            },
            StringComparer.Ordinal);
    }

    private static OpenApiResponse Response(OpenApiDocument document, int status, List<Problem> problems, bool faceCodes)
    {
        var lines = problems.Select(p => p.Code is null ? $"- (no code): {p.Detail}" : $"- `{p.Code}`: {p.Detail}").ToList();
        if (faceCodes)
        {
            lines.Add(status == StatusCodes.Status429TooManyRequests
                ? "- Face's own code, or `429`: Face itself is throttling."
                : "- Face's own code: Face refused the request.");
        }

        var headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        var waits = problems.Where(p => p.SetsRetryAfter).Select(p => $"`{p.Code}`").ToList();
        if (waits.Count > 0 || status == StatusCodes.Status429TooManyRequests)
        {
            headers["Retry-After"] = new OpenApiHeader
            {
                Description = status == StatusCodes.Status429TooManyRequests || waits.Count == problems.Count
                    ? "Whole seconds to wait before retrying."
                    : $"Whole seconds to wait before retrying; sent with {string.Join(", ", waits)}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
            };
        }

        if (status == StatusCodes.Status401Unauthorized)
        {
            headers["WWW-Authenticate"] = new OpenApiHeader
            {
                Description = problems.Contains(Problems.LivenessRequired)
                    ? "The bearer challenge; with `LivenessRequired` the RFC 9470 step-up challenge: `Bearer error=\"insufficient_user_authentication\", error_description=\"...\", max_age=<seconds>`. Complete a liveness check, then retry."
                    : "The bearer challenge (RFC 6750).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }

        var codes = problems.Select(p => p.Code).ToList();
        IOpenApiSchema schema = new OpenApiSchemaReference(ContractSchemas.Problem, document);
        if (!faceCodes && codes.Count > 0 && codes.All(c => c is not null))
        {
            schema = new OpenApiSchema
            {
                AllOf = [schema, new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                    {
                        ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. codes.Select(c => (JsonNode)JsonValue.Create(c)!)] },
                    },
                    Required = new HashSet<string>(StringComparer.Ordinal) { "code" },
                }],
            };
        }

        return new OpenApiResponse
        {
            Description = string.Join('\n', lines),
            Headers = headers.Count == 0 ? null : headers,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [ProblemJson] = new OpenApiMediaType { Schema = schema, Examples = Examples(problems) },
            },
        };
    }
}
