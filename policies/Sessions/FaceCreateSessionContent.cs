using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Liveness.Policies.Identity;

namespace Liveness.Policies.Sessions;

/// <summary>
/// Builds the create body sent to Face from the client's <see cref="SessionChoices"/> and the
/// operator's <see cref="SessionPolicyOptions"/>. Nothing the client sent is copied through.
/// </summary>
public static class FaceCreateSessionContent
{
    /// <summary>
    /// JSON body of <c>POST detectLiveness-sessions</c> (Face's <c>CreateLivenessSessionContent</c>); with
    /// <paramref name="abuse"/> (Face API <c>v1.3-preview.1</c> only) also <c>userCorrelationId</c>,
    /// <c>expectedClientIpAddress</c> and <c>numberOfClientAttemptsAllowed</c>.
    /// </summary>
    public static HttpContent ForLiveness(SessionChoices choices, UserId user, SessionPolicyOptions policy, AbuseMonitoringFields? abuse = null)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(policy);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in Fields(choices, user, policy).Concat(LivenessAbuseFields(abuse)))
            {
                json.WritePropertyName(name);
                switch (value)
                {
                    case bool flag:
                        json.WriteBooleanValue(flag);
                        break;
                    case int number:
                        json.WriteNumberValue(number);
                        break;
                    default:
                        json.WriteStringValue((string)value);
                        break;
                }
            }

            json.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>
    /// Multipart body of <c>POST detectLivenessWithVerify-sessions</c>: flat text fields and a
    /// <c>verifyImage</c> file part with a filename, as the v1.2 contract and the official clients send it.
    /// Its length is known in advance and <see cref="HttpContent.ReadAsStreamAsync()"/> reads the parts in
    /// place (the image is not copied). With <paramref name="abuse"/> (Face API <c>v1.3-preview.1</c> only) it also
    /// carries <c>numberOfClientAttemptsAllowed</c>, the one abuse-monitoring field the preview's verify form has.
    /// </summary>
    public static HttpContent ForLivenessWithVerify(SessionChoices choices, UserId user, SessionPolicyOptions policy, VerifyImage image, AbuseMonitoringFields? abuse = null)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(image);

        var form = new MultipartFormDataContent();
        var fields = Fields(choices, user, policy);
        if (abuse is not null)
        {
            fields = fields.Append(("numberOfClientAttemptsAllowed", abuse.NumberOfClientAttemptsAllowed));
        }

        foreach (var (name, value) in fields)
        {
            var text = value switch
            {
                bool flag => flag ? "true" : "false",
                int number => number.ToString(CultureInfo.InvariantCulture),
                _ => (string)value,
            };
            var part = new StringContent(text);
            part.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            form.Add(part, name);
        }

        // The image's own buffer, not a copy: the multipart content reads it as a stream when forwarded.
        var file = new ReadOnlyMemoryContent(image.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "verifyImage", image.Format == VerifyImageFormat.Png ? "verifyImage.png" : "verifyImage.jpg");
        return form;
    }

    private static IEnumerable<(string Name, object Value)> Fields(SessionChoices choices, UserId user, SessionPolicyOptions policy)
    {
        yield return ("livenessOperationMode", choices.LivenessOperationMode ?? policy.DefaultLivenessOperationMode);
        yield return ("deviceCorrelationId", choices.DeviceCorrelationId ?? user.DefaultDeviceCorrelationId());
        yield return ("authTokenTimeToLiveInSeconds", policy.AuthTokenTimeToLiveInSeconds);
        yield return ("enableSessionImage", policy.EnableSessionImage);
        if (!string.IsNullOrEmpty(policy.LivenessModelVersion))
        {
            yield return ("livenessModelVersion", policy.LivenessModelVersion);
        }
    }

    private static IEnumerable<(string Name, object Value)> LivenessAbuseFields(AbuseMonitoringFields? abuse)
    {
        if (abuse is null)
        {
            yield break;
        }

        yield return ("userCorrelationId", abuse.UserCorrelationId);
        if (abuse.ExpectedClientIpAddress is { } address)
        {
            yield return ("expectedClientIpAddress", address);
        }

        yield return ("numberOfClientAttemptsAllowed", abuse.NumberOfClientAttemptsAllowed);
    }
}
