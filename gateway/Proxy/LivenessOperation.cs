namespace Liveness.Gateway.Proxy;

/// <summary>What a proxied route does at Face; named in route metadata <c>Liveness.Operation</c>.</summary>
internal enum LivenessOperation
{
    /// <summary>Create a session: body built by the gateway, ownership recorded before the client sees it.</summary>
    Create,

    /// <summary>Read an owned session's result.</summary>
    Read,

    /// <summary>Delete an owned session.</summary>
    Delete,

    /// <summary>Download a session image seen in an owned session's result.</summary>
    ReadImage,
}
