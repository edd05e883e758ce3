namespace Liveness.Gateway.RateLimiting;

/// <summary>Rate-limiter policy names, attached to routes by name (YARP <c>RateLimiterPolicy</c> in appsettings.json).</summary>
internal static class RateLimitPolicyNames
{
    /// <summary>Session creation, per user: <c>RateLimiting:SessionCreation</c>.</summary>
    public const string SessionCreation = "SessionCreation";

    /// <summary>Reads of session results and images, per user: <c>RateLimiting:SessionReads</c>.</summary>
    public const string SessionReads = "SessionReads";
}
