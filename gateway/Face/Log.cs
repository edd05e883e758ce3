namespace Liveness.Gateway.Face;

/// <summary>Log events of the gateway's Face credential (8xxx). Never a key or a token: at most a key's fingerprint.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Face:ApiKey changed: the new key (fingerprint {KeyFingerprint}) is used from the next request.")]
    public static partial void ApiKeyRotated(ILogger logger, string keyFingerprint);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "Face:ApiKey was reloaded with a value that is not a key ({Problem}); the previous key (fingerprint {KeyFingerprint}) stays in use. Fix the secret.")]
    public static partial void ApiKeyReloadRefused(ILogger logger, string problem, string keyFingerprint);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Entra ID token for Face obtained; it expires at {ExpiresOn} and will be refreshed at {RefreshAt}.")]
    public static partial void TokenAcquired(ILogger logger, DateTimeOffset expiresOn, DateTimeOffset refreshAt);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Error, Message = "Could not obtain an Entra ID token for Face (still using the previous token: {PreviousTokenValid}). Check the workload identity and its role on the Face resource.")]
    public static partial void TokenRefreshFailed(ILogger logger, bool previousTokenValid, Exception exception);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Face:Credential is EntraId: the gateway authenticates to Face with Entra ID tokens (scope {Scope}); no key is sent.")]
    public static partial void UsingEntraId(ILogger logger, string scope);
}
