namespace Liveness.Emulator.Sessions;

/// <summary>
/// The image a session stored (when asked to): an 8x8 grey baseline JPEG. The bytes are the same for
/// every image; only the id differs, as far as a caller of the REST API can tell.
/// </summary>
internal static class SessionImage
{
    public static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z");
}
