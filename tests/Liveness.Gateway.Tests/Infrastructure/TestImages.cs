namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>
/// Small real images (a grey baseline JPEG and a grey PNG that decoders open) padded to the size a test
/// asks for with random bytes in a comment segment or private chunk, and things that are not images.
/// </summary>
public static class TestImages
{
    /// <summary>A valid grey JPEG of <paramref name="width"/> x <paramref name="height"/> pixels, <paramref name="size"/> bytes long.</summary>
    public static byte[] Jpeg(int size = 4096, int width = 48, int height = 48)
    {
        using var image = new MemoryStream();
        image.Write([0xFF, 0xD8]);
        Segment(image, 0xE0, [.. "JFIF"u8, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        var head = new MemoryStream();
        Segment(head, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]); // quantisation table 0: all ones
        Segment(head, 0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]);
        Segment(head, 0xC4, [0x00, 1, .. new byte[15], 0x00]); // DC table 0: one 1-bit code, category 0
        Segment(head, 0xC4, [0x10, 1, .. new byte[15], 0x00]); // AC table 0: one 1-bit code, end of block
        Segment(head, 0xDA, [1, 1, 0x00, 0, 63, 0]);
        var blocks = ((width + 7) / 8) * ((height + 7) / 8);
        var scan = new byte[((blocks * 2) + 7) / 8]; // each block: DC difference 0, end of block (two 0 bits)
        if (blocks * 2 % 8 != 0)
        {
            scan[^1] = (byte)(0xFF >> (blocks * 2 % 8)); // pad the last byte with 1 bits
        }

        var fixedLength = image.Length + head.Length + scan.Length + 2;
        var padding = size - fixedLength;
        if (padding < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"A {width}x{height} JPEG needs at least {fixedLength} bytes.");
        }

        while (padding >= 4)
        {
            var comment = new byte[Math.Min(padding - 4, 65533)];
            Random.Shared.NextBytes(comment);
            Segment(image, 0xFE, comment);
            padding -= comment.Length + 4;
        }

        image.Write(Enumerable.Repeat((byte)0xFF, (int)padding).ToArray()); // fill bytes before the next marker
        head.WriteTo(image);
        image.Write(scan);
        image.Write([0xFF, 0xD9]);
        return image.ToArray();
    }

    /// <summary>A valid grey PNG of <paramref name="width"/> x <paramref name="height"/> pixels, <paramref name="size"/> bytes long.</summary>
    public static byte[] Png(int size = 4096, int width = 48, int height = 48)
    {
        using var image = new MemoryStream();
        image.Write(PngSignature);
        Chunk(image, "IHDR", [.. BigEndian(width), .. BigEndian(height), 8, 0, 0, 0, 0]);
        using var pixels = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(pixels, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[width + 1];
            Array.Fill(row, (byte)0x80, 1, width);
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        var data = pixels.ToArray();
        var padding = size - image.Length - (12 + data.Length) - 12;
        if (padding is not 0 and < 12)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"A {width}x{height} PNG of {size} bytes cannot be padded.");
        }

        if (padding > 0)
        {
            var random = new byte[padding - 12];
            Random.Shared.NextBytes(random);
            Chunk(image, "rnDm", random); // a private ancillary chunk decoders skip
        }

        Chunk(image, "IDAT", data);
        Chunk(image, "IEND", []);
        return image.ToArray();
    }

    /// <summary>The first <paramref name="length"/> bytes of <paramref name="image"/>.</summary>
    public static byte[] Truncated(byte[] image, int length) => image[..length];

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Only the 8-byte PNG signature.</summary>
    public static byte[] PngSignatureOnly() => [.. PngSignature];

    /// <summary>A JPEG's first bytes followed by an HTML page.</summary>
    public static byte[] JpegMagicThenHtml() => [0xFF, 0xD8, 0xFF, 0xE0, .. "<html><body>not an image</body></html>"u8];

    private static void Segment(Stream stream, byte marker, byte[] payload)
    {
        stream.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        stream.Write(payload);
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(BigEndian(data.Length));
        stream.Write(typeBytes);
        stream.Write(data);
        stream.Write(BigEndian((int)System.IO.Hashing.Crc32.HashToUInt32([.. typeBytes, .. data])));
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    public static byte[] NotAnImage() => "%PDF-1.7 this is not an image"u8.ToArray();

    /// <summary>The multipart body a mobile or web app sends to create a liveness-with-verify session.</summary>
    public static MultipartFormDataContent VerifyForm(byte[] image, string? mode = null, string? deviceCorrelationId = null, string partName = "verifyImage")
    {
        var form = new MultipartFormDataContent();
        if (mode is not null)
        {
            form.Add(new StringContent(mode), "livenessOperationMode");
        }

        if (deviceCorrelationId is not null)
        {
            form.Add(new StringContent(deviceCorrelationId), "deviceCorrelationId");
        }

        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(file, partName, "face.jpg");
        return form;
    }
}
