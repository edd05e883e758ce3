using Microsoft.Extensions.Options;

namespace Liveness.Emulator;

/// <summary>
/// Standalone entry point. An explicit class rather than top-level statements: the SDK makes a
/// top-level <c>Program</c> public, and the gateway's <c>Program</c> must stay the only one that
/// tests referencing both projects see.
/// </summary>
internal static class Program
{
    /// <summary>A missing or bad setting (for example no Emulator:ApiKey) stops the emulator with one clear line.</summary>
    public static int Main(string[] args)
    {
        try
        {
            FaceEmulator.Create(args).Run();
            return 0;
        }
        catch (OptionsValidationException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }
}
