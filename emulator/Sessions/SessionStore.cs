using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Liveness.Emulator.Sessions;

/// <summary>
/// All sessions and session images, in memory. A session older than 48 hours is gone on its next lookup,
/// images included; a deleted session takes its images with it.
/// </summary>
internal sealed class SessionStore(TimeProvider time, ILogger<SessionStore> logger)
{
    private readonly ConcurrentDictionary<string, EmulatedSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _imageOwners = new(StringComparer.Ordinal);

    public EmulatedSession Create(SessionKind kind, SessionSettings settings)
    {
        var session = new EmulatedSession(Guid.NewGuid().ToString(), kind, settings, time.GetUtcNow());
        _sessions[session.Id] = session;
        Log.SessionCreated(logger, kind, session.Id);
        return session;
    }

    /// <summary>The live session with this id, of any kind (control API).</summary>
    public EmulatedSession? Find(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return null;
        }

        if (time.GetUtcNow() >= session.ExpiresAt)
        {
            Remove(session);
            Log.SessionExpired(logger, session.Id);
            return null;
        }

        return session;
    }

    /// <summary>The live session with this id, only if it was created on <paramref name="kind"/>'s path.</summary>
    public EmulatedSession? Find(string sessionId, SessionKind kind) =>
        Find(sessionId) is { } session && session.Kind == kind ? session : null;

    public bool Delete(string sessionId, SessionKind kind)
    {
        if (Find(sessionId, kind) is not { } session)
        {
            return false;
        }

        Remove(session);
        Log.SessionDeleted(logger, session.Id);
        return true;
    }

    /// <summary>Stores an image for the session and returns its id (44 base64url characters, like the service's).</summary>
    public string AddImage(EmulatedSession session)
    {
        var imageId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(33));
        _imageOwners[imageId] = session.Id;
        return imageId;
    }

    /// <summary>The image's bytes, or null when the image or its session is gone.</summary>
    public byte[]? FindImage(string sessionImageId) =>
        _imageOwners.TryGetValue(sessionImageId, out var owner) && Find(owner) is not null ? SessionImage.Jpeg : null;

    private void Remove(EmulatedSession session)
    {
        _sessions.TryRemove(session.Id, out _);
        foreach (var attempt in session.Snapshot().Attempts)
        {
            if (attempt.SessionImageId is { } imageId)
            {
                _imageOwners.TryRemove(imageId, out _);
            }
        }
    }
}
