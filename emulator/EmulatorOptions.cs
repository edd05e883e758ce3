namespace Liveness.Emulator;

/// <summary>Settings of the Face emulator, bound from the <c>Emulator</c> configuration section.</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>
    /// The subscription key callers must send in <c>Ocp-Apim-Subscription-Key</c>. Required: there is no
    /// default key, so an emulator never answers unauthenticated calls by accident.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Optional static token accepted as <c>Authorization: Bearer &lt;token&gt;</c>, standing in for a
    /// Microsoft Entra token. Unset (the default) means bearer authentication is refused.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>The value of the <c>x-ms-region</c> response header.</summary>
    public string Region { get; set; } = "West US 2";
}
