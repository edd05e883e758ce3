using Liveness.Testing;

namespace Liveness.Emulator.Tests;

/// <summary>
/// Base of the emulator tests: a fresh emulator on a real loopback port per test (no state shared between
/// tests), and <see cref="Face"/>, an HttpClient on <c>face/v1.2/</c> that sends the key.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    private EmulatorHost? _emulator;
    private HttpClient? _face;

    protected EmulatorHost Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    protected HttpClient Face => _face ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorHost.StartAsync();
        _face = _emulator.CreateFaceClient();
    }

    public async Task DisposeAsync()
    {
        _face?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
