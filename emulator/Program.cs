using Liveness.Emulator;
using Microsoft.Extensions.Options;

// A missing or bad setting (for example no Emulator:ApiKey) stops the emulator with one clear line.
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
