namespace Liveness.Emulator.Calls;

/// <summary>A file part of a recorded multipart request (the bytes are summarised, not kept).</summary>
internal sealed record RecordedFile(string Name, string FileName, string? ContentType, long Length, string Sha256);
