namespace Liveness.Policies.RateLimiting;

/// <summary>
/// What this replica knows of one user's current fixed window in Redis (<see cref="UserRateLimiter"/>), so that
/// most requests are answered without a Redis round trip, and only the way Redis itself would answer them:
/// <list type="bullet">
/// <item>Permits Redis has already counted for this replica (a batch taken in one call) and not handed out yet.
/// They are handed out only until the window they were counted in closes, so across every replica a user never
/// gets more than the limit in one window. Permits still unused when it closes are lost: at most one batch less
/// one per replica per window, because a replica asks for a batch only when it holds none and no batch is on
/// its way.</item>
/// <item>Redis's refusal of the user for the rest of the window, with its wait. The window is fixed, so a refusal
/// holds until it closes: a remembered refusal never refuses what Redis would grant.</item>
/// </list>
/// </summary>
/// <remarks>
/// A window is known by its end as RedisRateLimiting reports it (<c>RATELIMIT_RESET</c>, whole Unix seconds).
/// The library opens the next window only once the clock's whole second is past that end, so the window really
/// closes one second after it: that is when the memory forgets it, and the honest <c>Retry-After</c>. The
/// library reads the replica's system clock; <paramref name="time"/> must be that same clock (tests of this
/// class alone may move a fake one), or permits would outlive their window.
/// </remarks>
internal sealed class UserWindowMemory(int permitsPerCall, TimeProvider time)
{
    private readonly Lock _gate = new();

    /// <summary>When the remembered window closes (Unix ms); at or before now, nothing is remembered.</summary>
    private long _closesAt;

    /// <summary>Permits Redis counted for this replica in the remembered window and not handed out yet.</summary>
    private int _unused;

    /// <summary>Permits Redis had left in the remembered window after its last answer to this replica.</summary>
    private long _remaining;

    /// <summary>Redis refused the user for the rest of the remembered window.</summary>
    private bool _refused;

    /// <summary>A batch has been asked for and not answered yet: meanwhile others ask for single permits.</summary>
    private bool _batchAsked;

    internal enum Outcome
    {
        /// <summary>A permit Redis already counted for this replica.</summary>
        Granted,

        /// <summary>Redis refused the user for the rest of the window; the out wait says until when.</summary>
        Refused,

        /// <summary>Ask Redis for the out number of permits (one is the caller's, the rest this replica's).</summary>
        AskRedis,
    }

    /// <summary>The permits this memory asks for in one Redis call when enough remain.</summary>
    public int PermitsPerCall { get; } = permitsPerCall >= 1 ? permitsPerCall : throw new ArgumentOutOfRangeException(nameof(permitsPerCall), permitsPerCall, "At least one permit per call.");

    /// <summary>True while this replica holds permits of a window still open (dropping it would lose them).</summary>
    public bool HoldsPermits
    {
        get
        {
            lock (_gate)
            {
                return _unused > 0 && Now() < _closesAt;
            }
        }
    }

    /// <summary>
    /// Answers one request from memory, or says how many permits to ask Redis for: a batch while the window is
    /// unknown or has a batch left and no batch is already on its way, otherwise one. When it says to ask for
    /// more than one, the caller must call <see cref="BatchAnswered"/> afterwards, whatever happened.
    /// </summary>
    public Outcome Take(out int permitsToAsk, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            permitsToAsk = 0;
            retryAfter = TimeSpan.Zero;
            var now = Now();
            if (now >= _closesAt)
            {
                Forget();
            }
            else if (_refused)
            {
                retryAfter = TimeSpan.FromMilliseconds(_closesAt - now);
                return Outcome.Refused;
            }
            else if (_unused > 0)
            {
                _unused--;
                return Outcome.Granted;
            }

            var batchFits = _closesAt == 0 || _remaining >= PermitsPerCall;
            permitsToAsk = PermitsPerCall > 1 && batchFits && !_batchAsked ? PermitsPerCall : 1;
            _batchAsked |= permitsToAsk > 1;
            return Outcome.AskRedis;
        }
    }

    /// <summary>The call for a batch (see <see cref="Take"/>) is over, answered or failed.</summary>
    public void BatchAnswered()
    {
        lock (_gate)
        {
            _batchAsked = false;
        }
    }

    /// <summary>
    /// Records Redis's answer to a request for <paramref name="asked"/> permits in the window ending at
    /// <paramref name="windowEnd"/> (RedisRateLimiting's <c>RATELIMIT_RESET</c>), with <paramref name="remaining"/>
    /// left after it. A grant keeps all but the caller's permit for this replica; a refusal of one permit, or of
    /// a batch when none remain, is the user's refusal for the rest of the window. Returns the honest wait until
    /// the window closes, at least 1 ms.
    /// </summary>
    public TimeSpan Record(int asked, bool granted, long windowEnd, long remaining)
    {
        lock (_gate)
        {
            var now = Now();
            var closesAt = (windowEnd + 1) * 1000;
            if (closesAt <= now)
            {
                // A window already over by this replica's clock: nothing to remember.
                return TimeSpan.FromMilliseconds(1);
            }

            if (closesAt != _closesAt)
            {
                Forget();
                _closesAt = closesAt;
            }

            _remaining = remaining;
            if (granted)
            {
                _unused += asked - 1;
            }
            else if (asked == 1 || remaining <= 0)
            {
                _refused = true;
            }

            return TimeSpan.FromMilliseconds(closesAt - now);
        }
    }

    private void Forget()
    {
        _closesAt = 0;
        _unused = 0;
        _remaining = 0;
        _refused = false;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
