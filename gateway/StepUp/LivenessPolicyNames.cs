namespace Liveness.Gateway.StepUp;

/// <summary>The names of the configured liveness policies (<c>Liveness:Policies:{name}</c>), read once at startup.</summary>
internal sealed class LivenessPolicyNames(IEnumerable<string> names)
{
    private readonly HashSet<string> _names = new(names, StringComparer.OrdinalIgnoreCase);

    public bool Contains(string policy) => _names.Contains(policy);
}
