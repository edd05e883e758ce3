using System.Net;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Microsoft.Extensions.DependencyInjection;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>
/// A session deleted through one replica is forgotten by another that remembered it, on whatever Redis the
/// fixture runs (a single node or a cluster): the same scenario, asserted the same way on both.
/// </summary>
internal static class RemovalNoticeScenario
{
    public static async Task DeleteViaOneReplica_OtherReplicaForgetsAndAnswers404WithoutFaceAsync(GatewayFixture fixture)
    {
        var owner = GatewayFixture.NewUser("owner");
        await using var replica = fixture.CreateGateway();
        using var viaFirst = fixture.ClientFor(owner);
        using var viaSecond = fixture.ClientFor(owner, replica);
        var sessionId = await GatewayRequests.CreateLivenessAsync(viaFirst);
        Assert.Equal(HttpStatusCode.OK, (await viaSecond.GetAsync($"/api/liveness/sessions/{sessionId}")).StatusCode); // the second replica remembers it now

        Assert.Equal(HttpStatusCode.NoContent, (await viaFirst.DeleteAsync($"/api/liveness/sessions/{sessionId}")).StatusCode);

        // The removal notice is published inside the removal's transaction and travels over Redis pub/sub,
        // asynchronously. Until it arrives the second replica answers its owner from memory (a read through it
        // would reach Face, whose 404 would remove the record too, and hide a lost notice); once it has, its store
        // asks Redis, which has no record any more, and a read of the deleted session is refused by the replica
        // itself without asking Face.
        var store = replica.Services.GetRequiredService<ISessionStore>();
        var ownerKey = fixture.OwnerKeyOf(owner);
        for (var attempt = 0; attempt < 50 && await store.FindAsync(sessionId, ownerKey, default) is not null; attempt++)
        {
            await Task.Delay(100); // pub/sub delivery is real network I/O, not a clock
        }

        Assert.Null(await store.FindAsync(sessionId, ownerKey, default));
        var before = await fixture.Emulator.Control.GetCallsAsync();
        await (await viaSecond.GetAsync($"/api/liveness/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }
}
