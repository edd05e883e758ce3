using System.Net;
using System.Net.Http.Json;
using Liveness.Gateway.Tests.Infrastructure;
using Liveness.Policies.Ownership;
using Liveness.Testing;

namespace Liveness.Gateway.Tests.Sessions;

/// <summary>The whole flow an app goes through, for both session kinds, against the emulator and a real Redis.</summary>
public abstract class SessionFlowTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : GatewayFixture
{
    [Fact]
    public async Task LivenessFlow_CreateRunReadImageDelete_OwnerSeesEveryStep()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());

        var create = await client.PostAsJsonAsync("/api/liveness/sessions", new { livenessOperationMode = "PassiveActive" });
        var created = await create.ReadJsonAsync(HttpStatusCode.Created);
        var sessionId = created.GetProperty("sessionId").GetString()!;
        Assert.Equal($"/api/liveness/sessions/{sessionId}", create.Headers.Location?.OriginalString);
        Assert.StartsWith("eyJ", created.GetProperty("authToken").GetString(), StringComparison.Ordinal);
        Assert.Equal("NotStarted", created.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("modelVersion").GetString()));
        Assert.False(created.TryGetProperty("results", out _));

        await fixture.Emulator.Control.StartSessionAsync(sessionId);
        var running = await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Running", running.GetProperty("status").GetString());
        Assert.Equal(string.Empty, running.GetProperty("authToken").GetString());

        await fixture.Emulator.Control.CompleteAsync(sessionId, "realface", sessionImage: true);
        var result = await (await client.GetAsync($"/api/liveness/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Succeeded", result.GetProperty("status").GetString());
        var attempt = result.GetProperty("results").GetProperty("attempts")[0];
        Assert.Equal("realface", attempt.GetProperty("result").GetProperty("livenessDecision").GetString());
        var imageId = attempt.GetProperty("result").GetProperty("sessionImageId").GetString()!;

        var listed = await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        var entry = Assert.Single(listed.EnumerateArray());
        Assert.Equal(sessionId, entry.GetProperty("sessionId").GetString());
        Assert.Equal("liveness", entry.GetProperty("kind").GetString());
        Assert.Equal("Succeeded", entry.GetProperty("status").GetString());
        Assert.True(entry.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        var image = await client.GetAsync($"/api/liveness/session-images/{imageId}");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("application/octet-stream", image.Content.Headers.ContentType?.MediaType);
        Assert.Contains(imageId, image.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var bytes = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal(0xFF, bytes[0]);
        Assert.Equal(0xD8, bytes[1]);

        var delete = await client.DeleteAsync($"/api/liveness/sessions/{sessionId}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        var callsBefore = await fixture.Emulator.Control.GetCallsAsync();
        var afterDelete = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
        await afterDelete.AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
        var listedAfter = await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(listedAfter.EnumerateArray());
        Assert.Equal(callsBefore.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task LivenessWithVerifyFlow_CreateWithImageReadDelete_OwnerSeesVerifyResult()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var image = TestImages.Jpeg();

        using var form = TestImages.VerifyForm(image, mode: "Passive");
        var create = await client.PostAsync("/api/liveness-with-verify/sessions", form);
        var created = await create.ReadJsonAsync(HttpStatusCode.Created);
        var sessionId = created.GetProperty("sessionId").GetString()!;
        Assert.Equal($"/api/liveness-with-verify/sessions/{sessionId}", create.Headers.Location?.OriginalString);
        Assert.Equal("image", created.GetProperty("verifyReferences")[0].GetProperty("referenceType").GetString());
        Assert.StartsWith("eyJ", created.GetProperty("authToken").GetString(), StringComparison.Ordinal);

        var call = (await fixture.Emulator.Control.GetCallsAsync()).Requests.Last(r => r.Operation == EmulatorOperations.CreateLivenessWithVerifySession);
        var file = Assert.Single(call.Files!);
        Assert.Equal("verifyImage", file.Name);
        Assert.Equal(image.Length, file.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image)), file.Sha256.Replace("sha256:", string.Empty, StringComparison.Ordinal).ToLowerInvariant());

        await fixture.Emulator.Control.CompleteAsync(sessionId, "spoofface");
        var result = await (await client.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        var attempt = result.GetProperty("results").GetProperty("attempts")[0].GetProperty("result");
        Assert.Equal("spoofface", attempt.GetProperty("livenessDecision").GetString());
        Assert.True(attempt.TryGetProperty("verifyResult", out _));

        var listed = await (await client.GetAsync("/api/liveness/sessions")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("livenessWithVerify", Assert.Single(listed.EnumerateArray()).GetProperty("kind").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/liveness-with-verify/sessions/{sessionId}")).StatusCode);
        await (await client.GetAsync($"/api/liveness-with-verify/sessions/{sessionId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_OwnershipRecordedInRedisBeforeResponse_WithTtlAtLeastFaceLifetime()
    {
        var user = GatewayFixture.NewUser();
        using var client = fixture.ClientFor(user);
        var created = await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        var sessionId = created.GetProperty("sessionId").GetString()!;

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.RedisConnectionString);
        var db = redis.GetDatabase();
        var key = RedisOwnerKeys.Session(fixture.OwnerKeyOf(user), sessionId);
        Assert.Equal("liveness", (string?)await db.HashGetAsync(key, "kind"));
        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.True(ttl >= TimeSpan.FromHours(48), $"TTL {ttl} is shorter than Face's 48 h session lifetime");
    }

    [Fact]
    public async Task Result_FaceSessionExpiredAfter48Hours_Returns404WithFaceCode()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var created = await (await client.PostAsJsonAsync("/api/liveness/sessions", new { })).ReadJsonAsync(HttpStatusCode.Created);
        var sessionId = created.GetProperty("sessionId").GetString()!;

        fixture.Emulator.Time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));

        var response = await client.GetAsync($"/api/liveness/sessions/{sessionId}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "SessionNotFound");
    }
}

/// <summary><see cref="SessionFlowTests{TFixture}"/> on a single redis-server.</summary>
public sealed class SessionFlowOnRedisTests(GatewayFixture fixture) : SessionFlowTests<GatewayFixture>(fixture);

/// <summary><see cref="SessionFlowTests{TFixture}"/> on a 3-node Redis Cluster.</summary>
public sealed class SessionFlowOnClusterTests(ClusterGatewayFixture fixture) : SessionFlowTests<ClusterGatewayFixture>(fixture);
