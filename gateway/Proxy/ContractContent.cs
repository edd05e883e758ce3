namespace Liveness.Gateway.Proxy;

/// <summary>
/// A body in the OpenAPI document: its media type and the name of its schema (<c>OpenApi/ContractSchemas</c>). Also
/// the endpoint metadata of a minimal API endpoint whose handler reads its body itself (<c>DescribesRequestBody</c>).
/// </summary>
internal sealed record ContractContent(string MediaType, string Schema);
