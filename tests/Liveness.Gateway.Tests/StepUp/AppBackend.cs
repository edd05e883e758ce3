using System.Collections.Concurrent;
using System.Globalization;
using Liveness.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Liveness.Gateway.Tests.StepUp;

/// <summary>An app's own API behind the gateway, on a real loopback port: it answers 200 and records what reached it.</summary>
public sealed class AppBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppBackend(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }

    /// <summary>Each request that reached the app: its path and its <c>Liveness-Assertion</c> header (null when none).</summary>
    public ConcurrentQueue<(string Path, string? Assertion)> Received { get; } = new();

    public static async Task<AppBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var address = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");
        builder.WebHost.UseUrls(address);
        var app = builder.Build();
        var backend = new AppBackend(app, address);
        app.Run(context =>
        {
            var assertions = context.Request.Headers["Liveness-Assertion"];
            backend.Received.Enqueue((context.Request.Path.Value ?? "/", assertions.Count == 0 ? null : string.Join("|", assertions.ToArray())));
            context.Response.StatusCode = StatusCodes.Status200OK;
            return context.Response.WriteAsync("app answered");
        });
        await app.StartAsync();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
