using System.Security.Claims;
using Liveness.Policies.Identity;

namespace Liveness.Policies.Tests.Identity;

/// <summary>The user is the issuer and its <c>sub</c> together, recorded as a fixed-length hash that names neither.</summary>
public sealed class UserIdTests
{
    private const string Issuer = "https://login.example.test/tenant-a/v2.0";

    [Fact]
    public void Create_SameSubjectFromTwoIssuers_IsTwoUsers()
    {
        var first = UserId.Create(Issuer, "alice");
        var second = UserId.Create("https://login.example.test/tenant-b/v2.0", "alice");

        Assert.NotEqual(first.Key, second.Key);
        Assert.NotEqual(first.DefaultDeviceCorrelationId(), second.DefaultDeviceCorrelationId());
    }

    [Fact]
    public void Create_SameIssuerAndSubject_SameKeyEveryTime()
    {
        Assert.Equal(UserId.Create(Issuer, "alice").Key, UserId.Create(Issuer, "alice").Key);
        Assert.Equal(UserId.Create(Issuer, "alice").DefaultDeviceCorrelationId(), UserId.Create(Issuer, "alice").DefaultDeviceCorrelationId());
    }

    [Fact]
    public void Key_IsLowerHexSha256_AndNamesNeitherIssuerNorSubject()
    {
        var user = UserId.Create(Issuer, "alice@example.test");

        Assert.Matches("^[0-9a-f]{64}$", user.Key);
        Assert.DoesNotContain("alice", user.Key, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(user.Key, user.ToString());
    }

    [Fact]
    public void Create_IssuerAndSubjectSplitDifferently_IsAnotherUser()
    {
        // Issuer and subject are hashed with a separator: a plain concatenation would make these one user.
        Assert.NotEqual(UserId.Create("ab", "c").Key, UserId.Create("a", "bc").Key);
    }

    [Fact]
    public void DefaultDeviceCorrelationId_IsAGuidFaceAccepts()
    {
        var correlationId = UserId.Create(Issuer, "alice").DefaultDeviceCorrelationId();

        Assert.True(Guid.TryParseExact(correlationId, "D", out _), correlationId);
    }

    [Fact]
    public void FromPrincipal_SubClaimWithIssuer_IsThatUser()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(UserId.SubjectClaim, "alice", ClaimValueTypes.String, Issuer)], "Bearer"));

        var user = UserId.FromPrincipal(principal);

        Assert.NotNull(user);
        Assert.Equal(UserId.Create(Issuer, "alice"), user);
        Assert.Equal(Issuer, user.Issuer);
        Assert.Equal("alice", user.Subject);
    }

    [Fact]
    public void FromPrincipal_NoSubClaim_ReturnsNull()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("oid", "alice", ClaimValueTypes.String, Issuer)], "Bearer"));

        Assert.Null(UserId.FromPrincipal(principal));
    }

    [Fact]
    public void FromPrincipal_EmptySubClaim_ReturnsNull()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(UserId.SubjectClaim, "", ClaimValueTypes.String, Issuer)], "Bearer"));

        Assert.Null(UserId.FromPrincipal(principal));
    }

    [Theory]
    [InlineData("", "alice")]
    [InlineData(Issuer, "")]
    public void Create_EmptyIssuerOrSubject_Throws(string issuer, string subject)
    {
        Assert.Throws<ArgumentException>(() => UserId.Create(issuer, subject));
    }
}
