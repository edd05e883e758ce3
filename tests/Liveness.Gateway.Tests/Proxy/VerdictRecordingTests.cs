using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Verdicts;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>
/// The owner's read of a final result records the owner's verdict from Face's answer: only a real face (and, for
/// verify, the same person) is a pass; nothing unfinished or cached moves it; deleting the session keeps it.
/// </summary>
public abstract class VerdictRecordingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GatewayFixture
{
    private const string Liveness = "/api/liveness/sessions";
    private const string WithVerify = "/api/liveness-with-verify/sessions";

    [Theory]
    [InlineData("liveness", "realface", true)]
    [InlineData("liveness", "spoofface", false)]
    [InlineData("liveness", "uncertain", false)]
    [InlineData("liveness", "failed", false)]
    [InlineData("liveness", "canceled", false)]
    [InlineData("verify", "realface", true)]
    [InlineData("verify", "mismatch", false)]
    [InlineData("verify", "spoofface", false)]
    public async Task Read_FinalResult_RecordsTheOwnersVerdict_OnlyARealFaceOfTheSamePersonPasses(string kind, string outcome, bool pass)
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var (route, sessionId) = await CreateAsync(client, kind);
        await FinishAsync(sessionId, outcome);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{route}/{sessionId}")).StatusCode);

        var verdict = await LatestAsync(user);
        Assert.NotNull(verdict);
        Assert.Equal(sessionId, verdict.SessionId);
        Assert.Equal(kind == "verify" ? Policies.Sessions.SessionKind.LivenessWithVerify : Policies.Sessions.SessionKind.Liveness, verdict.Kind);
        Assert.Equal(pass, verdict.IsPass);
    }

    [Fact]
    public async Task Read_VerifyPass_VerdictCarriesFacesModelDigestAndMatch()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var (route, sessionId) = await CreateAsync(client, "verify");
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", matchConfidence: 0.87);
        var before = DateTimeOffset.UtcNow;

        var face = await (await client.GetAsync($"{route}/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);

        var result = face.GetProperty("results").GetProperty("attempts")[0].GetProperty("result");
        var verdict = await LatestAsync(user);
        Assert.NotNull(verdict);
        Assert.Equal("realface", verdict.Decision);
        Assert.True(verdict.IsIdentical);
        Assert.Equal(0.87, verdict.MatchConfidence!.Value, 3);
        Assert.Equal(face.GetProperty("modelVersion").GetString(), verdict.ModelVersion);
        Assert.Equal(result.GetProperty("digest").GetString(), verdict.Digest);
        Assert.InRange(verdict.DecidedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Read_UnfinishedSession_RecordsNoVerdict()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.StartSessionAsync(sessionId);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);

        Assert.Null(await LatestAsync(user));
    }

    [Fact]
    public async Task Read_OlderPassAgainFromTheCache_AfterANewerFailure_TheFailureStaysTheVerdict()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var passed = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(passed, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{passed}")).StatusCode);
        var passDecidedAt = (await LatestAsync(user))!.DecidedAt;
        var failed = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(failed, "spoofface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{failed}")).StatusCode);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{passed}")).StatusCode);

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total); // answered from the cache
        var verdict = await LatestAsync(user);
        Assert.Equal(failed, verdict!.SessionId);
        Assert.False(verdict.IsPass);
        Assert.True(verdict.DecidedAt >= passDecidedAt);
    }

    [Fact]
    public async Task Delete_PassedSession_ThePassStays()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var sessionId = await GatewayRequests.CreateLivenessAsync(client);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{Liveness}/{sessionId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Liveness}/{sessionId}")).StatusCode);

        var verdict = await LatestAsync(user);
        Assert.Equal(sessionId, verdict!.SessionId);
        Assert.True(verdict.IsPass);
    }

    [Fact]
    public async Task Read_AnotherUsersPassedSession_Returns404_AndRecordsNothingForTheIntruder()
    {
        var owner = GatewayFixture.NewUser("owner");
        var intruder = GatewayFixture.NewUser("intruder");
        using var ownerClient = fixture.ClientFor(owner);
        using var intruderClient = fixture.ClientFor(intruder);
        var sessionId = await GatewayRequests.CreateLivenessAsync(ownerClient);
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface");

        await (await intruderClient.GetAsync($"{Liveness}/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"{Liveness}/{sessionId}")).StatusCode);

        Assert.Null(await LatestAsync(intruder));
        Assert.True((await LatestAsync(owner))!.IsPass);
    }

    private Task<LivenessVerdict?> LatestAsync(string user) =>
        fixture.Gateway.Services.GetRequiredService<IVerdictStore>().FindLatestAsync(fixture.OwnerKeyOf(user), default);

    private async Task FinishAsync(string sessionId, string outcome)
    {
        var control = fixture.Emulator.Control;
        _ = outcome switch
        {
            "failed" => await control.FailAttemptAsync(sessionId),
            "canceled" => await control.CancelAsync(sessionId),
            "mismatch" => await control.CompleteAsync(sessionId, "realface", matchConfidence: 0.2, isIdentical: false),
            _ => await control.CompleteAsync(sessionId, outcome),
        };
    }

    private static async Task<(string Route, string SessionId)> CreateAsync(HttpClient client, string kind)
    {
        if (kind != "verify")
        {
            return (Liveness, await GatewayRequests.CreateLivenessAsync(client));
        }

        using var form = TestImages.VerifyForm(TestImages.Png());
        var created = await (await client.PostAsync(WithVerify, form)).ReadJsonAsync(HttpStatusCode.Created);
        return (WithVerify, created.GetProperty("sessionId").GetString()!);
    }
}

/// <summary><see cref="VerdictRecordingTests{TFixture}"/> on a single redis-server.</summary>
public sealed class VerdictRecordingOnRedisTests(GatewayFixture fixture) : VerdictRecordingTests<GatewayFixture>(fixture);

/// <summary><see cref="VerdictRecordingTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class VerdictRecordingOnClusterTests(ClusterGatewayFixture fixture) : VerdictRecordingTests<ClusterGatewayFixture>(fixture);
