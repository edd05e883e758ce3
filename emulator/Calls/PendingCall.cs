using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Liveness.Emulator.Calls;

/// <summary>
/// A Face call being handled, recorded exactly once and before the caller can see its outcome: when the
/// response starts, or, for a connection that is dropped on purpose, just before the drop. A test that
/// reads <c>/emulator/calls</c> right after its call returned therefore always finds it.
/// </summary>
internal sealed class PendingCall(HttpContext context, string operation, DateTimeOffset receivedAt, CallLog log)
{
    /// <summary>The status recorded for a call whose connection was dropped.</summary>
    public const int DroppedStatus = 0;

    private const int MaxBodyChars = 64 * 1024;

    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Ocp-Apim-Subscription-Key",
        HeaderNames.Authorization,
        HeaderNames.Cookie,
    };

    private int _recorded;

    /// <summary>What tests compare against: <c>sha256:</c> and the lower-case hex SHA-256 of the UTF-8 value.</summary>
    public static string HashCredential(string value) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Records the call (once); <paramref name="status"/> overrides the response's status.</summary>
    public async Task RecordAsync(int? status = null)
    {
        if (Interlocked.Exchange(ref _recorded, 1) == 1)
        {
            return;
        }

        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = CredentialHeaders.Contains(name) ? HashCredential(values.ToString()) : values.ToString();
        }

        var (body, form, files) = await ReadContentAsync(request);
        log.Record(new RecordedCall
        {
            Operation = operation,
            Method = request.Method,
            Path = request.Path.Value ?? string.Empty,
            Query = request.QueryString.Value ?? string.Empty,
            Status = status ?? (context.RequestAborted.IsCancellationRequested ? DroppedStatus : context.Response.StatusCode),
            ReceivedAt = receivedAt,
            ApimRequestId = context.Response.Headers["apim-request-id"].ToString(),
            Headers = headers,
            Body = body,
            Form = form,
            Files = files,
        });
    }

    private static async Task<(string? Body, Dictionary<string, string>? Form, List<RecordedFile>? Files)> ReadContentAsync(HttpRequest request)
    {
        try
        {
            request.Body.Position = 0;
            if (request.HasFormContentType)
            {
                var parsed = await request.ReadFormAsync();
                var files = new List<RecordedFile>();
                foreach (var file in parsed.Files)
                {
                    await using var stream = file.OpenReadStream();
                    var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
                    files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, file.Length, hash));
                }

                return (null, parsed.ToDictionary(static f => f.Key, static f => f.Value.ToString(), StringComparer.Ordinal), files);
            }

            if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                var buffer = new char[MaxBodyChars];
                var read = await reader.ReadBlockAsync(buffer);
                return (new string(buffer, 0, read), null, null);
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or BadHttpRequestException or OperationCanceledException)
        {
            // A malformed or interrupted body is recorded without its content.
        }

        return (null, null, null);
    }
}
