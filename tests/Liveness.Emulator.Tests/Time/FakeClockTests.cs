using System.Text;

namespace Liveness.Emulator.Tests.Time;

public sealed class FakeClockTests : EmulatorTest
{
    [Fact]
    public async Task AdvanceClock_WithFakeTimeProvider_Returns409()
    {
        using var client = new HttpClient { BaseAddress = Emulator.BaseAddress };

        using var response = await client.PostAsync("emulator/clock", new StringContent("""{"advanceSeconds":10}""", Encoding.UTF8, "application/json"));

        await response.AssertFaceErrorAsync(409, "Conflict");
    }
}
