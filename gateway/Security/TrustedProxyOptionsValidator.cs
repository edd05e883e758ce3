using System.Net;
using Microsoft.Extensions.Options;

namespace Liveness.Gateway.Security;

/// <summary>Each known proxy must be an IP address, each known network a CIDR, the forward limit 1..10.</summary>
internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    private const string Section = TrustedProxyOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var index = 0; index < options.KnownProxies.Count; index++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[index], out _))
            {
                failures.Add($"{Section}:KnownProxies:{index} is '{options.KnownProxies[index]}': list proxy IP addresses such as 10.0.0.7 or fd00::7 (a network goes to {Section}:KnownNetworks).");
            }
        }

        for (var index = 0; index < options.KnownNetworks.Count; index++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[index], out var network) || network.PrefixLength == 0)
            {
                failures.Add($"{Section}:KnownNetworks:{index} is '{options.KnownNetworks[index]}': list networks in CIDR notation such as 10.244.0.0/16 (not /0: every client would be trusted).");
            }
        }

        if (options.ForwardLimit is < 1 or > 10)
        {
            failures.Add($"{Section}:ForwardLimit is {options.ForwardLimit}: set it between 1 and 10, the number of trusted proxies in front of the gateway (default 1).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
