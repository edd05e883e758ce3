namespace Liveness.Policies.Sessions;

/// <summary>A verify reference image whose content has been recognised as JPEG or PNG.</summary>
public sealed class VerifyImage
{
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private VerifyImage(ReadOnlyMemory<byte> bytes, VerifyImageFormat format)
    {
        Bytes = bytes;
        Format = format;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public VerifyImageFormat Format { get; }

    /// <summary>Recognises JPEG or PNG by their signatures; the client's content type and file name are not trusted.</summary>
    public static VerifyImage? TryRecognise(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.StartsWith(JpegMagic))
        {
            return new VerifyImage(bytes, VerifyImageFormat.Jpeg);
        }

        if (span.StartsWith(PngMagic))
        {
            return new VerifyImage(bytes, VerifyImageFormat.Png);
        }

        return null;
    }
}
