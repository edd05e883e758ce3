using Liveness.Policies.Sessions;

namespace Liveness.Gateway.Proxy;

/// <summary>Which <see cref="FaceOperation"/> performs a route's <see cref="LivenessRoute"/>: the one table of them.</summary>
internal sealed class FaceOperations(CreateLivenessSession createLiveness, CreateLivenessWithVerifySession createWithVerify, ReadSession read, DeleteSession delete, ReadSessionImage readImage)
{
    public FaceOperation For(LivenessRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return route switch
        {
            { Operation: LivenessOperation.Create, Kind: SessionKind.Liveness } => createLiveness,
            { Operation: LivenessOperation.Create } => createWithVerify,
            { Operation: LivenessOperation.Read } => read,
            { Operation: LivenessOperation.Delete } => delete,
            { Operation: LivenessOperation.ReadImage } => readImage,
            _ => throw new InvalidOperationException($"No operation performs {route.Operation}."),
        };
    }
}
