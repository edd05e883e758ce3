using Liveness.Policies.Ownership;

namespace Liveness.Policies.Tests.Ownership;

/// <summary>Removal notices a test announces (or reports missed) itself, for the replica memories' unit tests.</summary>
internal sealed class ManualRemovalNotices : ISessionRemovalNotices
{
    private Action<string>? _removed;
    private Action? _missed;

    public void Subscribe(Action<string> removed, Action missed) => (_removed, _missed) = (removed, missed);

    public void Announce(string sessionId) => _removed!(sessionId);

    public void Miss() => _missed!();
}
