namespace Liveness.Gateway.Authentication;

/// <summary>Log events of end-user authentication (10xx). Never a token or a key: at most a count of keys.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Loaded {KeyCount} signing key(s) from the identity provider ({MetadataAddress}).")]
    public static partial void SigningKeysLoaded(ILogger logger, int keyCount, Uri metadataAddress);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "The identity provider's configuration could not be loaded from {MetadataAddress}: {Reason}. Next try in {Backoff}; keys from an earlier load in use: {HasKeys}.")]
    public static partial void SigningKeysUnavailable(ILogger logger, Uri metadataAddress, string reason, TimeSpan backoff, bool hasKeys);
}
