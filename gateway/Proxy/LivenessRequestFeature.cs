using Liveness.Policies.Identity;
using Liveness.Policies.Sessions;

namespace Liveness.Gateway.Proxy;

/// <summary>What the policy middleware established for one proxied request, handed to the transforms.</summary>
internal sealed class LivenessRequestFeature(LivenessRoute route, FaceOperation operation, UserId user)
{
    public LivenessRoute Route { get; } = route;

    /// <summary>The operation that checked the request and handles Face's answer.</summary>
    public FaceOperation Operation { get; } = operation;

    public UserId User { get; } = user;

    /// <summary>The owned session a read or delete targets (checked against the store).</summary>
    public SessionRecord? Session { get; set; }

    /// <summary>The body the gateway built, which replaces the client's (a create's, a detection's); none for the other operations.</summary>
    public HttpContent? CreateContent { get; set; }
}
