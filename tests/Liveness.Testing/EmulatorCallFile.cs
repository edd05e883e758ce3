namespace Liveness.Testing;

/// <summary>A file part of a recorded multipart call: its bytes summarised by length and lower-case SHA-256 hex.</summary>
public sealed record EmulatorCallFile(string Name, string FileName, string? ContentType, long Length, string Sha256);
