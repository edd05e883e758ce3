namespace Liveness.Gateway.Tests.Infrastructure;

/// <summary>Small images recognised by content (JPEG and PNG signatures), and things that are not images.</summary>
public static class TestImages
{
    public static byte[] Jpeg(int size = 4096)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        bytes[3] = 0xE0;
        return bytes;
    }

    public static byte[] Png(int size = 4096)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

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
