namespace Liveness.Emulator.Authentication;

internal static class AuthenticationExtensions
{
    public static IApplicationBuilder UseSubscriptionKey(this IApplicationBuilder app) => app.UseMiddleware<SubscriptionKeyMiddleware>();
}
