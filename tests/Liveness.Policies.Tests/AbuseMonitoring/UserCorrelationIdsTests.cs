using System.Security.Cryptography;
using Liveness.Policies.AbuseMonitoring;
using Liveness.Policies.Identity;

namespace Liveness.Policies.Tests.AbuseMonitoring;

/// <summary>The <c>userCorrelationId</c> derivation: a GUID per user, stable, keyed by the secret, changed by a salt.</summary>
public sealed class UserCorrelationIdsTests
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly UserId _alice = UserId.Create("https://issuer.test", "alice");

    [Fact]
    public void Derive_SameInputs_SameVersion8Guid()
    {
        var first = UserCorrelationIds.Derive(_secret, _alice, null);

        Assert.Equal(first, UserCorrelationIds.Derive(_secret, _alice, null));
        var guid = Guid.Parse(first);
        Assert.Equal(8, guid.Version);
        Assert.Equal(first, guid.ToString("D"));
    }

    [Fact]
    public void Derive_OtherUserSecretOrSalt_OtherValue()
    {
        var alice = UserCorrelationIds.Derive(_secret, _alice, null);

        Assert.NotEqual(alice, UserCorrelationIds.Derive(_secret, UserId.Create("https://issuer.test", "bob"), null));
        Assert.NotEqual(alice, UserCorrelationIds.Derive(_secret, UserId.Create("https://other-issuer.test", "alice"), null));
        Assert.NotEqual(alice, UserCorrelationIds.Derive(RandomNumberGenerator.GetBytes(32), _alice, null));
        Assert.NotEqual(alice, UserCorrelationIds.Derive(_secret, _alice, "00112233445566778899aabbccddeeff"));
        Assert.NotEqual(alice, _alice.DefaultDeviceCorrelationId());
    }

    [Fact]
    public void Derive_ShortSecret_Throws() =>
        Assert.Throws<ArgumentException>(() => UserCorrelationIds.Derive(new byte[31], _alice, null));
}
