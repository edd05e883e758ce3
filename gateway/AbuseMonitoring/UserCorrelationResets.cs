using System.Text.Json;
using Liveness.Gateway.Audit;
using Liveness.Gateway.Authentication;
using Liveness.Gateway.Errors;
using Liveness.Gateway.OpenApi;
using Liveness.Gateway.RateLimiting;
using Liveness.Gateway.Security;
using Liveness.Policies.Identity;
using Liveness.Policies.Ownership;
using Microsoft.AspNetCore.Cors;

namespace Liveness.Gateway.AbuseMonitoring;

/// <summary>
/// <c>POST /api/liveness/operator/user-correlation-resets</c>: an operator (<see cref="UserPolicies.LivenessOperator"/>)
/// gives one user, named by issuer and <c>sub</c>, a new <c>userCorrelationId</c> from then on, e.g. after Face's abuse
/// monitoring flagged the user wrongly. An end user cannot: without the operator claim the answer is 403, so nobody
/// sheds their own abuse history. No other user's value changes. Answered 204; audited.
/// </summary>
internal sealed class UserCorrelationResets(UserCorrelations correlations, AuditTrail audit, ILogger<UserCorrelationResets> logger)
{
    public const string Path = "/api/liveness/operator/user-correlation-resets";

    /// <summary>The largest request body read: <c>{"issuer": "...", "subject": "..."}</c>.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>The longest issuer or subject accepted.</summary>
    private const int MaxValueLength = 1024;

    public static void Map(WebApplication app) =>
        app.MapPost(Path, (HttpContext context, UserCorrelationResets resets) => resets.ResetAsync(context))
            .RequireAuthorization(UserPolicies.LivenessOperator)
            .RequireRateLimiting(RateLimitPolicyNames.SessionReads)
            .WithMetadata(new DisableCorsAttribute()) // an operator's tool, not a browser app
            .WithName("ResetUserCorrelation")
            .WithTags(ContractTags.Operators)
            .WithSummary("Operators only: gives one user a new userCorrelationId for Face's abuse monitoring from now on.")
            .DescribesRequestBody("application/json", ContractSchemas.UserCorrelationResetRequest)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesGatewayProblems(Problems.BadArgument, Problems.OwnershipStoreUnavailable);

    public async Task<IResult> ResetAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var operatorUser = context.LivenessUser()!;
        if (await ReadUserAsync(context.Request) is not { } user)
        {
            return Problems.BadArgument.ToResult();
        }

        try
        {
            await correlations.ResetAsync(user, context.RequestAborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.ResetStoreUnavailable(logger, e);
            return Problems.OwnershipStoreUnavailable.ToResult();
        }

        audit.UserCorrelationReset(context, operatorUser, user);
        return TypedResults.NoContent();
    }

    /// <summary>The user the body names (<c>issuer</c> and <c>subject</c>, as in that user's tokens), or null.</summary>
    private static async Task<UserId?> ReadUserAsync(HttpRequest request)
    {
        using var document = await SmallJsonBody.ReadObjectAsync(request, MaxBodyBytes);
        return document is not null
            && Text(document.RootElement, "issuer") is { } issuer
            && Text(document.RootElement, "subject") is { } subject
            ? UserId.Create(issuer, subject)
            : null;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 and <= MaxValueLength } text && !text.Any(char.IsControl)
            ? text
            : null;
}
