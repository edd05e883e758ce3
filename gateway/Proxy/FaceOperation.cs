using System.Net.Http.Headers;
using Liveness.Policies.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy.Transforms;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What one Face operation does around YARP's forwarding: what it checks before Face is called (the
/// request, the caller's ownership) and what it does with Face's successful answer. One subclass per
/// operation, registered with <see cref="LivenessProxyExtensions.AddFaceOperation{TOperation}"/> and named by
/// the routes it performs (<see cref="Name"/>); it is attached to each such route's endpoint as typed metadata
/// next to the <see cref="LivenessRoute"/> it serves (<see cref="FaceOperations"/>); <see cref="FaceOperationMiddleware"/> and
/// <see cref="LivenessTransformProvider"/> only run the steps every operation shares and hand over to it.
/// </summary>
internal abstract class FaceOperation
{
    /// <summary>The operation of the endpoint <paramref name="context"/> was routed to; null when it is not a Face route.</summary>
    public static FaceOperation? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<FaceOperation>();
    }

    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    /// <summary>The name a route gives this operation in its metadata (<c>Liveness.Operation</c>); also its name in logs.</summary>
    public abstract string Name { get; }

    /// <summary>Whether a route of this operation names a session kind (<c>Liveness.SessionKind</c>).</summary>
    public virtual bool TakesSessionKind => true;

    /// <summary>Whether this operation performs routes for sessions of <paramref name="kind"/>.</summary>
    public virtual bool Serves(SessionKind kind) => true;

    /// <summary>
    /// The largest request body the route accepts (larger ones are refused before they are read), unless
    /// the route's own configuration sets <c>MaxRequestBodySize</c>. Default: room for no body at all.
    /// </summary>
    public virtual long MaxRequestBodySize => 4 * 1024;

    /// <summary>The query string Face gets, in order (the client's is never forwarded); default none.</summary>
    public virtual IReadOnlyList<KeyValuePair<string, string>> FaceQuery => [];

    /// <summary>What Face is asked to answer with (<c>Accept</c>).</summary>
    public virtual MediaTypeWithQualityHeaderValue Accept => Json;

    /// <summary>
    /// Runs first, before the request body is read: the refusal to answer when this replica cannot take the
    /// request now, or null with the <paramref name="place"/> it holds until Face has answered (disposed then).
    /// </summary>
    public virtual ProblemHttpResult? Admit(HttpContext context, out IDisposable? place)
    {
        place = null;
        return null;
    }

    /// <summary>
    /// Runs before Face is called: the refusal to answer instead (nothing is sent to Face), or null with
    /// <paramref name="feature"/> holding what the rest of the request needs (the owned session, the built body).
    /// </summary>
    public abstract Task<ProblemHttpResult?> PrepareAsync(HttpContext context, LivenessRequestFeature feature);

    /// <summary>
    /// Runs after <see cref="PrepareAsync"/> accepted the request: true when the operation answered from what the
    /// gateway already knows (a finished result), so Face is not called and no Face budget is spent.
    /// </summary>
    public virtual Task<bool> TryAnswerWithoutFaceAsync(HttpContext context, LivenessRequestFeature feature) => Task.FromResult(false);

    /// <summary>
    /// What this operation promises a client on a route for sessions of <paramref name="kind"/> (its request body,
    /// answer and problems): read by the OpenAPI document, so the contract is the operation's own.
    /// </summary>
    public abstract FaceOperationContract Describe(SessionKind kind);

    /// <summary>Handles Face's successful (2xx) answer before the client sees it.</summary>
    public abstract Task CompleteAsync(ResponseTransformContext context, HttpResponseMessage response, LivenessRequestFeature feature);
}
