using System.Globalization;
using Liveness.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Liveness.Gateway.Tests.Browser;

/// <summary>A web app's origin on a real loopback port: it serves one empty page, from which a test runs the app's calls.</summary>
public sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PageServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The page's address under <paramref name="host"/> (<c>127.0.0.1</c> or <c>localhost</c>: two origins for the browser).</summary>
    public string PageAt(string host) => string.Create(CultureInfo.InvariantCulture, $"http://{host}:{Port}/");

    public static async Task<PageServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var port = FreePort.Next();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}")); // 127.0.0.1 and ::1
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync("<!doctype html><html><head><title>app</title></head><body>app</body></html>");
        });
        await app.StartAsync();
        return new PageServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
