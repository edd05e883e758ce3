using System.Globalization;

namespace Liveness.Policies.RateLimiting;

/// <summary>The rules both per-user limits follow, with messages that say how to fix the setting.</summary>
internal static class FixedWindowRules
{
    public const int MaxPermitLimit = 1_000_000;

    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public static void Check(string section, int permitLimit, TimeSpan window, List<string> failures)
    {
        if (permitLimit is < 1 or > MaxPermitLimit)
        {
            failures.Add($"{section}:PermitLimit is {permitLimit.ToString(CultureInfo.InvariantCulture)}: set it between 1 and {MaxPermitLimit.ToString(CultureInfo.InvariantCulture)} (a limit cannot be switched off; set it high instead).");
        }

        // The Redis limiter counts windows in whole seconds.
        if (window < TimeSpan.FromSeconds(1) || window > MaxWindow || window.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add($"{section}:Window is {window.ToString("c", CultureInfo.InvariantCulture)}: set a whole number of seconds between 00:00:01 and 1.00:00:00, e.g. 00:01:00.");
        }
    }
}
