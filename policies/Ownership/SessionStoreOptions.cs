namespace Liveness.Policies.Ownership;

/// <summary>
/// Where ownership is stored (section <c>ConnectionStrings</c>): <c>ConnectionStrings:Redis</c>, or
/// this process's memory when it is absent, which only Development allows.
/// </summary>
public sealed record SessionStoreOptions
{
    public const string SectionName = "ConnectionStrings";

    /// <summary>StackExchange.Redis connection string, e.g. <c>name.redis.cache.windows.net:6380,ssl=true,password=...</c>.</summary>
    public string? Redis { get; init; }
}
