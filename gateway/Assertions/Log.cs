namespace Liveness.Gateway.Assertions;

/// <summary>Log events of the assertion signing keys and the assertion endpoint (81xx). Never a key: at most its id (the public key's thumbprint).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "No Liveness:Assertions:SigningKeys configured: Development signs assertions with a key generated at startup (kid {KeyId}); it is gone when the process stops.")]
    public static partial void EphemeralSigningKey(ILogger logger, string keyId);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Liveness:Assertions:SigningKeys changed: assertions are signed with key {SigningKeyId}; the JWK Set publishes {KeyIds}.")]
    public static partial void SigningKeysChanged(ILogger logger, string signingKeyId, string keyIds);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Error, Message = "Liveness:Assertions:SigningKeys was reloaded with values that cannot sign ({Problem}); the keys in force ({KeyIds}) stay. Fix the secret.")]
    public static partial void SigningKeysReloadRefused(ILogger logger, string problem, string keyIds);

    [LoggerMessage(EventId = 8110, Level = LogLevel.Warning, Message = "An assertion was refused with 503: the session store or the verdicts cannot be read.")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8111, Level = LogLevel.Warning, Message = "Face could not be reached to read a session's result for an assertion; answered 502.")]
    public static partial void FaceUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8112, Level = LogLevel.Error, Message = "Face's answer to a session read for an assertion was not what the contract describes (HTTP {Status}); answered 502.")]
    public static partial void UnusableFaceAnswer(ILogger logger, int status);
}
