namespace Liveness.Policies.Ownership;

/// <summary>
/// For the in-memory store: there is one process, and <see cref="OwnerCachingSessionStore"/> forgets the
/// records it removes itself, so there is nothing to announce and nothing can be missed.
/// </summary>
internal sealed class LocalSessionRemovalNotices : ISessionRemovalNotices
{
    public static readonly LocalSessionRemovalNotices Instance = new();

    public void Subscribe(Action<string> removed, Action missed)
    {
    }
}
