using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>Users read and delete only their own sessions, results and images; everything else is 404 with no Face call.</summary>
public abstract class OwnershipTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GatewayFixture
{
    [Fact]
    public async Task AnotherUser_EveryRouteOfOwnersSessions_Returns404WithoutFaceCall()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser("owner"));
        using var intruder = fixture.ClientFor(GatewayFixture.NewUser("intruder"));
        var liveness = await CreateFinishedLivenessAsync(owner);
        using var form = TestImages.VerifyForm(TestImages.Png());
        var verify = (await (await owner.PostAsync("/api/liveness-with-verify/sessions", form)).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("sessionId").GetString()!;

        var before = await fixture.Emulator.Control.GetCallsAsync();
        string[] gets =
        [
            $"/api/liveness/sessions/{liveness.SessionId}",
            $"/api/liveness-with-verify/sessions/{verify}",
            $"/api/liveness/session-images/{liveness.ImageId}",
        ];
        foreach (var path in gets)
        {
            await (await intruder.GetAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        await (await intruder.DeleteAsync($"/api/liveness/sessions/{liveness.SessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await intruder.DeleteAsync($"/api/liveness-with-verify/sessions/{verify}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        var list = await (await intruder.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(list.EnumerateArray());

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);

        // The owner still has everything.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/sessions/{liveness.SessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/liveness/session-images/{liveness.ImageId}")).StatusCode);
    }

    [Fact]
    public async Task Owner_SessionOfOtherKindOnRoute_Returns404WithoutFaceCall()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser());
        var liveness = await CreateFinishedLivenessAsync(owner);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await owner.GetAsync($"/api/liveness-with-verify/sessions/{liveness.SessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await owner.DeleteAsync($"/api/liveness-with-verify/sessions/{liveness.SessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task UnknownSession_ExistsAtFaceButNotCreatedThroughGateway_Returns404WithoutFaceCall()
    {
        using var user = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await user.GetAsync($"/api/liveness/sessions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        await (await user.GetAsync("/api/liveness/session-images/AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Owner_SessionIdInUpperCase_FindsOwnSession()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser());
        var liveness = await CreateFinishedLivenessAsync(owner);

        var response = await owner.GetAsync($"/api/liveness/sessions/{liveness.SessionId.ToUpperInvariant()}");

        var result = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(liveness.SessionId, result.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task SameSubject_FromAnotherIssuer_IsAnotherUser()
    {
        var subject = GatewayFixture.NewUser();
        using var owner = fixture.ClientFor(subject);
        var liveness = await CreateFinishedLivenessAsync(owner);

        await using var otherIssuer = await Liveness.Testing.OidcIssuer.StartAsync(GatewayFixture.Audience);
        var settings = new Dictionary<string, string?>(otherIssuer.GatewaySettings(GatewayFixture.Audience));
        await using var gateway = fixture.CreateGateway(settings);
        using var twin = gateway.CreateClient();
        twin.DefaultRequestHeaders.Authorization = new("Bearer", otherIssuer.Tokens.Create(subject));

        await (await twin.GetAsync($"/api/liveness/sessions/{liveness.SessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SessionImage_AfterSessionDeleted_Returns404WithoutFaceCall()
    {
        using var owner = fixture.ClientFor(GatewayFixture.NewUser());
        var liveness = await CreateFinishedLivenessAsync(owner);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/liveness/sessions/{liveness.SessionId}")).StatusCode);
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await owner.GetAsync($"/api/liveness/session-images/{liveness.ImageId}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    private async Task<(string SessionId, string ImageId)> CreateFinishedLivenessAsync(HttpClient owner)
    {
        var created = await (await owner.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        var sessionId = created.GetProperty("sessionId").GetString()!;
        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        var result = await (await owner.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        var imageId = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result").GetProperty("sessionImageId").GetString()!;
        return (sessionId, imageId);
    }
}

/// <summary><see cref="OwnershipTests{TFixture}"/> on a single redis-server.</summary>
public sealed class OwnershipOnRedisTests(GatewayFixture fixture) : OwnershipTests<GatewayFixture>(fixture);

/// <summary><see cref="OwnershipTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class OwnershipOnClusterTests(ClusterGatewayFixture fixture) : OwnershipTests<ClusterGatewayFixture>(fixture);
