namespace Liveness.Samples.AssertionVerifier;

/// <summary>
/// An app's own backend that acts on a liveness pass it did not see: the app hands it the gateway's signed
/// assertion (header Liveness-Assertion, or Authorization: Bearer), and the stock JwtBearer handler verifies it
/// offline against the gateway's published keys. (A named class rather than top-level statements: the gateway's
/// tests host this app next to the gateway's own global <c>Program</c>.)
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLivenessAssertionAuthentication();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/who-passed", LivenessPass.FromUser).RequireAuthorization();
        await app.RunAsync();
    }
}
