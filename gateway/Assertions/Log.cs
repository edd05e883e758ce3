namespace Liveness.Gateway.Assertions;

/// <summary>Log events of the assertion signing keys (81xx). Never a key: at most its id (the public key's thumbprint).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "No Liveness:Assertions:SigningKeys configured: Development signs assertions with a key generated at startup (kid {KeyId}); it is gone when the process stops.")]
    public static partial void EphemeralSigningKey(ILogger logger, string keyId);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Liveness:Assertions:SigningKeys changed: assertions are signed with key {SigningKeyId}; the JWK Set publishes {KeyIds}.")]
    public static partial void SigningKeysChanged(ILogger logger, string signingKeyId, string keyIds);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Error, Message = "Liveness:Assertions:SigningKeys was reloaded with values that cannot sign ({Problem}); the keys in force ({KeyIds}) stay. Fix the secret.")]
    public static partial void SigningKeysReloadRefused(ILogger logger, string problem, string keyIds);
}
