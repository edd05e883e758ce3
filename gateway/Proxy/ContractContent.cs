namespace Liveness.Gateway.Proxy;

/// <summary>A body in the OpenAPI document: its media type and the name of its schema (<c>OpenApi/ContractSchemas</c>).</summary>
internal sealed record ContractContent(string MediaType, string Schema);
