using System.Security.Cryptography;
using System.Text;
using Liveness.Emulator.Edge;
using Microsoft.Net.Http.Headers;

namespace Liveness.Emulator.Calls;

/// <summary>
/// Records every Face call, whatever its outcome (401, fault, 404 included): method, path, query, status,
/// headers (credentials as <c>sha256:&lt;hex&gt;</c> only), and the body or the form.
/// </summary>
internal sealed class CallRecordingMiddleware(RequestDelegate next, CallLog log, TimeProvider time)
{
    private const int MaxBodyChars = 64 * 1024;

    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Ocp-Apim-Subscription-Key",
        HeaderNames.Authorization,
        HeaderNames.Cookie,
    };

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetFaceOperation() is not { } operation)
        {
            await next(context);
            return;
        }

        var receivedAt = time.GetUtcNow();
        context.Request.EnableBuffering();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            log.Record(await DescribeAsync(context, operation.Name, receivedAt, failed));
        }
    }

    /// <summary>What tests compare against: <c>sha256:</c> and the lower-case hex SHA-256 of the UTF-8 value.</summary>
    public static string HashCredential(string value) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static async Task<RecordedCall> DescribeAsync(HttpContext context, string operation, DateTimeOffset receivedAt, bool failed)
    {
        var request = context.Request;
        var dropped = context.RequestAborted.IsCancellationRequested;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = CredentialHeaders.Contains(name) ? HashCredential(values.ToString()) : values.ToString();
        }

        string? body = null;
        Dictionary<string, string>? form = null;
        List<RecordedFile>? files = null;
        if (!dropped)
        {
            try
            {
                request.Body.Position = 0;
                if (request.HasFormContentType)
                {
                    var parsed = await request.ReadFormAsync();
                    form = parsed.ToDictionary(static f => f.Key, static f => f.Value.ToString(), StringComparer.Ordinal);
                    files = [];
                    foreach (var file in parsed.Files)
                    {
                        await using var stream = file.OpenReadStream();
                        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
                        files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, file.Length, hash));
                    }
                }
                else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
                {
                    using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                    var buffer = new char[MaxBodyChars];
                    var read = await reader.ReadBlockAsync(buffer);
                    body = new string(buffer, 0, read);
                }
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or BadHttpRequestException or OperationCanceledException)
            {
                // A malformed or interrupted body is recorded without its content.
            }
        }

        return new RecordedCall
        {
            Operation = operation,
            Method = request.Method,
            Path = request.Path.Value ?? string.Empty,
            Query = request.QueryString.Value ?? string.Empty,
            Status = dropped ? 0 : failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode,
            ReceivedAt = receivedAt,
            ApimRequestId = context.Response.Headers[ServiceHeadersMiddleware.RequestIdHeader].ToString(),
            Headers = headers,
            Body = body,
            Form = form,
            Files = files,
        };
    }
}
