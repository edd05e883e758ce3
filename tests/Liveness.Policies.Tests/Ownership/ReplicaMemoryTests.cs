using Liveness.Policies.Ownership;
using Microsoft.Extensions.Time.Testing;

namespace Liveness.Policies.Tests.Ownership;

/// <summary>The bounded per-replica memory both decorators answer from: expiry on the injected clock, tombstones, the size bound.</summary>
public sealed class ReplicaMemoryTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ReplicaMemory<string> _memory;

    public ReplicaMemoryTests() => _memory = new ReplicaMemory<string>(sizeLimit: 3, _time);

    public void Dispose() => _memory.Dispose();

    [Fact]
    public void TryGet_Remembered_ReturnsTheValue()
    {
        _memory.Remember("s1", "record", _time.GetUtcNow() + Lifetime);

        Assert.True(_memory.TryGet("s1", out var value));
        Assert.Equal("record", value);
        Assert.False(_memory.TryGet("s2", out _));
    }

    [Fact]
    public void TryGet_ExpiryPassedOnTheClock_Forgotten()
    {
        _memory.Remember("s1", "record", _time.GetUtcNow() + Lifetime);

        _time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(_memory.TryGet("s1", out _));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_memory.TryGet("s1", out _));
    }

    [Fact]
    public void Remember_AlreadyExpired_NotKept()
    {
        _memory.Remember("s1", "record", _time.GetUtcNow());

        Assert.False(_memory.TryGet("s1", out _));
    }

    [Fact]
    public void Forget_Remembered_NoLongerAnswered()
    {
        _memory.Remember("s1", "record", _time.GetUtcNow() + Lifetime);

        _memory.Forget("s1");

        Assert.False(_memory.TryGet("s1", out _));
    }

    [Fact]
    public void Remember_ForgottenWithinTheTombstoneLifetime_NotKept_ThenKeptAfterIt()
    {
        // A Redis read that raced the removal answers after its notice: it must not bring the record back...
        _memory.Forget("s1");
        _time.Advance(ReplicaMemory<string>.TombstoneLifetime - TimeSpan.FromSeconds(1));
        _memory.Remember("s1", "stale", _time.GetUtcNow() + Lifetime);
        Assert.False(_memory.TryGet("s1", out _));

        // ...but once the tombstone has gone, the id may be remembered again.
        _time.Advance(TimeSpan.FromSeconds(1));
        _memory.Remember("s1", "fresh", _time.GetUtcNow() + Lifetime);
        Assert.True(_memory.TryGet("s1", out var value));
        Assert.Equal("fresh", value);
    }

    [Fact]
    public void Forget_OneId_OthersStillAnswered()
    {
        _memory.Remember("s1", "one", _time.GetUtcNow() + Lifetime);
        _memory.Remember("s2", "two", _time.GetUtcNow() + Lifetime);

        _memory.Forget("s1");

        Assert.True(_memory.TryGet("s2", out var value));
        Assert.Equal("two", value);
    }

    [Fact]
    public void Remember_Full_NewEntryNotKept()
    {
        _memory.Remember("s1", "one", _time.GetUtcNow() + Lifetime, size: 2);
        _memory.Remember("s2", "two", _time.GetUtcNow() + Lifetime, size: 2); // 4 > 3: a miss only costs a round trip

        Assert.False(_memory.TryGet("s2", out _));
    }

    [Fact]
    public void Clear_ForgetsEverything()
    {
        _memory.Remember("s1", "one", _time.GetUtcNow() + Lifetime);
        _memory.Remember("s2", "two", _time.GetUtcNow() + Lifetime);

        _memory.Clear();

        Assert.False(_memory.TryGet("s1", out _));
        Assert.False(_memory.TryGet("s2", out _));
    }
}
