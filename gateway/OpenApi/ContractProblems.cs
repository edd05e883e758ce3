using Liveness.Gateway.Errors;

namespace Liveness.Gateway.OpenApi;

/// <summary>
/// Endpoint metadata of a minimal API endpoint: the problems its handler answers, for the OpenAPI document
/// (<see cref="GatewayOperationTransformer"/>). Authentication's and the rate limit's problems are added from the
/// endpoint's own authorization and rate-limiting metadata, so only the handler's are named here.
/// </summary>
internal sealed record ContractProblems(IReadOnlyList<Problem> Problems);
