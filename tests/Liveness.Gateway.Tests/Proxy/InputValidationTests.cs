using System.Net;
using Liveness.Gateway.Tests.Infrastructure;

namespace Liveness.Gateway.Tests.Proxy;

/// <summary>Malformed ids are refused with a 4xx before anything else, and can never be rewritten into another Face path.</summary>
public sealed class InputValidationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/api/liveness/sessions/not-a-guid")]
    [InlineData("/api/liveness/sessions/..%2F..%2FsessionImages%2Fx")]
    [InlineData("/api/liveness/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6%2F..")]
    [InlineData("/api/liveness/sessions/3fa85f6457174562b3fc2c963f66afa6")]
    [InlineData("/api/liveness/sessions/{3fa85f64-5717-4562-b3fc-2c963f66afa6}")]
    [InlineData("/api/liveness-with-verify/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6%20")]
    [InlineData("/api/liveness/session-images/short")]
    [InlineData("/api/liveness/session-images/AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9%2F..%2F..")]
    [InlineData("/api/liveness/session-images/AZMKlsBUe.NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9")]
    public async Task Get_MalformedId_Returns400WithoutFaceCall(string path)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var response = await client.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Fact]
    public async Task Get_OverlongImageId_Returns400WithoutFaceCall()
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();

        await (await client.GetAsync($"/api/liveness/session-images/{new string('A', 5000)}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.DeleteAsync($"/api/liveness/sessions/{new string('a', 5000)}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }

    [Theory]
    [InlineData("/api/liveness/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/../../x")]
    [InlineData("/api/liveness/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/result")]
    [InlineData("/api/liveness/unknown")]
    [InlineData("/api/liveness/sessions/%2e%2e/x")]
    public async Task Get_PathOutsideRoutes_Returns404ProblemWithoutFaceCall(string path)
    {
        using var client = fixture.ClientFor(GatewayFixture.NewUser());
        var before = await fixture.Emulator.Control.GetCallsAsync();

        var response = await client.GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before.Total, (await fixture.Emulator.Control.GetCallsAsync()).Total);
    }
}
