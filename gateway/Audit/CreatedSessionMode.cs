using System.Text.Json;

namespace Liveness.Gateway.Audit;

/// <summary>
/// The <c>livenessOperationMode</c> a create actually sent to Face, read back from the body the
/// gateway built (JSON for liveness, multipart for liveness-with-verify): the client's choice or the
/// configured default, whichever reached Face.
/// </summary>
internal static class CreatedSessionMode
{
    private const string Field = "livenessOperationMode";

    public static async Task<string?> ReadAsync(HttpContent? body, CancellationToken cancellationToken)
    {
        switch (body)
        {
            case null:
                return null;
            case MultipartContent parts:
                foreach (var part in parts)
                {
                    if (string.Equals(part.Headers.ContentDisposition?.Name?.Trim('"'), Field, StringComparison.Ordinal))
                    {
                        return await part.ReadAsStringAsync(cancellationToken);
                    }
                }

                return null;
            default:
                try
                {
                    using var json = JsonDocument.Parse(await body.ReadAsByteArrayAsync(cancellationToken));
                    return json.RootElement.TryGetProperty(Field, out var mode) && mode.ValueKind == JsonValueKind.String ? mode.GetString() : null;
                }
                catch (JsonException)
                {
                    return null;
                }
        }
    }
}
