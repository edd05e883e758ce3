using System.Buffers.Binary;

namespace Liveness.Policies.Sessions;

/// <summary>
/// A verify reference image whose structure has been checked: a JPEG (markers up to a frame header,
/// a scan and an end of image) or a PNG (a valid <c>IHDR</c>, chunks up to <c>IDAT</c> and <c>IEND</c>).
/// The check walks the file's own segment lengths and decodes no pixels and no metadata (EXIF, XMP,
/// ICC are skipped by length), so its cost is bounded and nothing a client wrote in them is interpreted.
/// </summary>
public sealed class VerifyImage
{
    /// <summary>Smallest side Face accepts for a verify image, in pixels.</summary>
    public const int MinSide = 36;

    /// <summary>Largest side Face accepts for a verify image, in pixels.</summary>
    public const int MaxSide = 4096;

    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    private VerifyImage(ReadOnlyMemory<byte> bytes, VerifyImageFormat format, int width, int height)
    {
        Bytes = bytes;
        Format = format;
        Width = width;
        Height = height;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public VerifyImageFormat Format { get; }

    /// <summary>Width in pixels, from the JPEG frame header or the PNG <c>IHDR</c>.</summary>
    public int Width { get; }

    /// <summary>Height in pixels, from the JPEG frame header or the PNG <c>IHDR</c>.</summary>
    public int Height { get; }

    /// <summary>Whether both sides are within what Face accepts (<see cref="MinSide"/> to <see cref="MaxSide"/> pixels).</summary>
    public bool HasFaceDimensions => Width is >= MinSide and <= MaxSide && Height is >= MinSide and <= MaxSide;

    /// <summary>
    /// Recognises a structurally sound JPEG or PNG by its content; the client's content type and file
    /// name are not trusted. Null when the bytes are neither, or are truncated or malformed.
    /// </summary>
    public static VerifyImage? TryRecognise(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.StartsWith(PngMagic))
        {
            return TryReadPng(span, out var width, out var height) ? new VerifyImage(bytes, VerifyImageFormat.Png, width, height) : null;
        }

        if (span.Length >= 2 && span[0] == 0xFF && span[1] == 0xD8)
        {
            return TryReadJpeg(span, out var width, out var height) ? new VerifyImage(bytes, VerifyImageFormat.Jpeg, width, height) : null;
        }

        return null;
    }

    /// <summary>
    /// PNG (ISO/IEC 15948): the signature, then <c>IHDR</c> first (13 bytes, a valid colour type and bit
    /// depth, its CRC correct), then whole chunks up to <c>IEND</c>, with at least one <c>IDAT</c>.
    /// </summary>
    private static bool TryReadPng(ReadOnlySpan<byte> png, out int width, out int height)
    {
        width = height = 0;
        var position = PngMagic.Length;
        var first = true;
        var sawData = false;
        while (position + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            var type = png.Slice(position + 4, 4);
            if (length > int.MaxValue || position + 12 + (long)length > png.Length || !IsChunkType(type))
            {
                return false;
            }

            var data = png.Slice(position + 8, (int)length);
            if (first)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13
                    || Crc(png.Slice(position + 4, 4 + 13)) != BinaryPrimitives.ReadUInt32BigEndian(png[(position + 8 + 13)..])
                    || !IsPngHeader(data))
                {
                    return false;
                }

                width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data), int.MaxValue);
                height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[4..]), int.MaxValue);
                first = false;
            }
            else if (type.SequenceEqual("IHDR"u8))
            {
                return false;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                sawData = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                return sawData && length == 0;
            }

            position += 12 + (int)length;
        }

        return false;
    }

    private static bool IsPngHeader(ReadOnlySpan<byte> header)
    {
        var width = BinaryPrimitives.ReadUInt32BigEndian(header);
        var height = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        var depth = header[8];
        var colour = header[9];
        var depthAllowed = colour switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        return width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue && depthAllowed
            && header[10] == 0 && header[11] == 0 && header[12] is 0 or 1;
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var c in type)
        {
            if (!char.IsAsciiLetter((char)c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// JPEG (ITU T.81 Annex B): SOI, then marker segments walked by their lengths; a frame header
    /// (SOF0-SOF15 except DHT, JPG and DAC) with its components must come before the first scan (SOS),
    /// and an EOI must follow the scan data (a truncated file has none).
    /// </summary>
    private static bool TryReadJpeg(ReadOnlySpan<byte> jpeg, out int width, out int height)
    {
        width = height = 0;
        var position = 2;
        while (position < jpeg.Length)
        {
            if (jpeg[position] != 0xFF)
            {
                return false;
            }

            while (position < jpeg.Length && jpeg[position] == 0xFF)
            {
                position++; // fill bytes may precede any marker
            }

            if (position >= jpeg.Length)
            {
                return false;
            }

            var marker = jpeg[position++];
            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue; // RSTn and TEM stand alone
            }

            if (!IsSegmentMarker(marker) || position + 2 > jpeg.Length)
            {
                return false; // SOI again, EOI before a scan, or a reserved code
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2 || position + length > jpeg.Length)
            {
                return false;
            }

            var segment = jpeg.Slice(position + 2, length - 2);
            position += length;
            if (IsFrameHeader(marker))
            {
                if (width != 0 || segment.Length < 6 || segment.Length != 6 + (3 * segment[5]) || segment[5] is 0 or > 4)
                {
                    return false;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                if (width == 0 || height == 0)
                {
                    return false; // a height defined later by DNL is not accepted
                }
            }
            else if (marker == 0xDA)
            {
                // Inside scan data 0xFF is always stuffed (FF 00) or a RSTn, so FF D9 is the end of image.
                return width != 0 && segment.Length >= 6 && jpeg[position..].IndexOf([(byte)0xFF, (byte)0xD9]) >= 0;
            }
        }

        return false;
    }

    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    /// <summary>Markers followed by a length: SOFn, DHT, DAC, SOS, DQT, DNL, DRI, DHP, EXP, APPn, JPGn, COM.</summary>
    private static bool IsSegmentMarker(byte marker) => marker is >= 0xC0 and <= 0xCF or >= 0xDA and <= 0xDF or >= 0xE0 and <= 0xFE;

    private static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
