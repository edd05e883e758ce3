using Liveness.Gateway.Errors;

namespace Liveness.Gateway.Proxy;

/// <summary>
/// What a <see cref="FaceOperation"/> promises a client on one of its routes, for the OpenAPI document
/// (<c>OpenApi/</c>): its request body, its successful answer and the problems the operation itself answers.
/// The problems every route shares (authentication, the route's rate limit, Face's failures) are added by the
/// document from the route's configuration and <see cref="FaceCallProblems"/>, so each is described once.
/// </summary>
/// <param name="Summary">One line saying what the route does.</param>
/// <param name="SuccessStatus">The status of a successful answer.</param>
/// <param name="SuccessDescription">What a successful answer means.</param>
internal sealed record FaceOperationContract(string Summary, int SuccessStatus, string SuccessDescription)
{
    /// <summary>The problems of every route that calls Face: the Face budget, and Face failing, refusing the gateway or not answering.</summary>
    public static IReadOnlyList<Problem> FaceCallProblems { get; } =
    [
        Errors.Problems.UpstreamBudget,
        Errors.Problems.UpstreamAuthenticationFailed,
        Errors.Problems.UpstreamUnavailable,
        Errors.Problems.UpstreamError,
        Errors.Problems.UpstreamCircuitOpen,
        Errors.Problems.UpstreamCredentialUnavailable,
        Errors.Problems.UpstreamTimeout,
    ];

    /// <summary>The request body the route takes, or null when it takes none.</summary>
    public ContractContent? RequestBody { get; init; }

    /// <summary>The body of a successful answer, or null when it has none.</summary>
    public ContractContent? Answer { get; init; }

    /// <summary>Headers of a successful answer a client reads (e.g. <c>Location</c>), with what they hold.</summary>
    public IReadOnlyDictionary<string, string> AnswerHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The problems the operation itself answers (its validation, ownership and store).</summary>
    public IReadOnlyList<Problem> Problems { get; init; } = [];
}
