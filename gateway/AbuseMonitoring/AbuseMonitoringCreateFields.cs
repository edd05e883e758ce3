using System.Net;
using Liveness.Gateway.Face;
using Liveness.Policies.Identity;
using Liveness.Policies.Ownership;
using Liveness.Policies.Sessions;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.AbuseMonitoring;

/// <summary>
/// The abuse-monitoring fields of a create (<see cref="AbuseMonitoringFields"/>) when <c>Face:ApiVersion</c> is
/// <c>v1.3-preview.1</c>, none with <c>v1.2</c> (which does not know them): the user's derived <c>userCorrelationId</c>,
/// the end user's address as the connection shows it after the trusted proxies' <c>X-Forwarded-For</c> was applied
/// (<c>ForwardedHeaders</c> settings; never the header of an untrusted hop), and
/// <c>Sessions:NumberOfClientAttemptsAllowed</c>. Nothing comes from the client's body.
/// </summary>
internal sealed class AbuseMonitoringCreateFields(
    IOptions<FaceOptions> face,
    IOptions<SessionPolicyOptions> policy,
    UserCorrelations correlations,
    ILogger<AbuseMonitoringCreateFields> logger)
{
    /// <summary>Whether creates carry the fields (the configured Face API version knows them).</summary>
    public bool Enabled { get; } = face.Value.UsesAbuseMonitoring;

    /// <summary>
    /// The fields for <paramref name="user"/>'s create, or null with <c>v1.2</c>. When the user's salt cannot be read
    /// it logs and throws <see cref="SessionStoreUnavailableException"/>: a value a reset replaced must never be sent.
    /// </summary>
    public async Task<AbuseMonitoringFields?> ForAsync(HttpContext context, UserId user)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Enabled)
        {
            return null;
        }

        string correlationId;
        try
        {
            correlationId = await correlations.ForAsync(user, context.RequestAborted);
        }
        catch (SessionStoreUnavailableException e)
        {
            Log.CorrelationStoreUnavailable(logger, e);
            throw;
        }

        return new AbuseMonitoringFields(correlationId, ClientAddress(context.Connection.RemoteIpAddress), policy.Value.NumberOfClientAttemptsAllowed);
    }

    private static string? ClientAddress(IPAddress? address) =>
        address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
