namespace Liveness.Gateway.Assertions;

/// <summary>
/// The body of the assertion endpoint, <c>{"audience": "..."}</c>, as the OpenAPI document describes it
/// (<see cref="SessionAssertions"/> reads only this field, with a bounded reader).
/// </summary>
/// <param name="Audience">One of <c>Liveness:Assertions:Audiences</c>: the app whose backend receives the assertion.</param>
internal sealed record AssertionRequest(string Audience);
