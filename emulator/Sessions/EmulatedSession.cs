namespace Liveness.Emulator.Sessions;

/// <summary>
/// One session's state. Client-side steps (start, attempts, cancel) come from the control API; all state
/// changes happen under one lock.
/// </summary>
internal sealed class EmulatedSession(string id, SessionKind kind, SessionSettings settings, DateTimeOffset createdAt)
{
    /// <summary>The service keeps a session (and its images) 48 hours after creation.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    private readonly Lock _gate = new();
    private readonly List<EmulatedAttempt> _attempts = [];
    private OperationState _status = OperationState.NotStarted;

    public string Id => id;

    public SessionKind Kind => kind;

    public SessionSettings Settings => settings;

    public DateTimeOffset CreatedAt => createdAt;

    public DateTimeOffset AuthTokenExpiresAt => createdAt + settings.AuthTokenLifetime;

    public DateTimeOffset ExpiresAt => createdAt + Lifetime;

    public (OperationState Status, IReadOnlyList<EmulatedAttempt> Attempts) Snapshot()
    {
        lock (_gate)
        {
            return (_status, _attempts.ToArray());
        }
    }

    /// <summary>The client SDK starts the session with its auth token.</summary>
    public SessionTransition Start(DateTimeOffset now)
    {
        lock (_gate)
        {
            return StartLocked(now);
        }
    }

    /// <summary>
    /// Records an attempt (starting the session first if needed). <paramref name="create"/> receives the
    /// attempt id; a failed attempt that is not <paramref name="final"/> leaves the session running.
    /// </summary>
    public SessionTransition AddAttempt(DateTimeOffset now, Func<int, EmulatedAttempt> create, bool final)
    {
        lock (_gate)
        {
            var started = StartLocked(now);
            if (started != SessionTransition.Done)
            {
                return started;
            }

            var attempt = create(_attempts.Count + 1);
            _attempts.Add(attempt);
            if (attempt.Status == OperationState.Succeeded || final)
            {
                _status = attempt.Status;
            }

            return SessionTransition.Done;
        }
    }

    public SessionTransition Cancel()
    {
        lock (_gate)
        {
            if (IsFinished(_status))
            {
                return SessionTransition.AlreadyFinished;
            }

            _status = OperationState.Canceled;
            return SessionTransition.Done;
        }
    }

    private SessionTransition StartLocked(DateTimeOffset now)
    {
        if (IsFinished(_status))
        {
            return SessionTransition.AlreadyFinished;
        }

        if (now >= AuthTokenExpiresAt)
        {
            return SessionTransition.TokenExpired;
        }

        _status = OperationState.Running;
        return SessionTransition.Done;
    }

    private static bool IsFinished(OperationState status) =>
        status is OperationState.Succeeded or OperationState.Failed or OperationState.Canceled;
}
