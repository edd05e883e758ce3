namespace Liveness.Policies.Ownership;

/// <summary>
/// Tells every replica that a session's record was removed, so that a replica's memory of it
/// (<see cref="OwnerCachingSessionStore"/>) is dropped too, and when such notices may have been missed.
/// </summary>
internal interface ISessionRemovalNotices
{
    /// <summary>
    /// Calls <paramref name="removed"/> with the session id of every removal announced from now on (by any
    /// replica, this one included), and <paramref name="missed"/> whenever notices may have been lost (the
    /// connection that carries them was down).
    /// </summary>
    void Subscribe(Action<string> removed, Action missed);
}
