using Liveness.Emulator.Edge;

namespace Liveness.Emulator.Calls;

/// <summary>
/// Records every Face call, whatever its outcome (401, fault, 404 included): method, path, query, status,
/// headers (credentials as <c>sha256:&lt;hex&gt;</c> only), and the body or the form. The
/// <see cref="PendingCall"/> is exposed as a request feature so a fault can record before dropping the connection.
/// </summary>
internal sealed class CallRecordingMiddleware(RequestDelegate next, CallLog log, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetFaceOperation() is not { } operation)
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        var pending = new PendingCall(context, operation.Name, time.GetUtcNow(), log);
        context.Features.Set(pending);
        context.Response.OnStarting(static state => ((PendingCall)state).RecordAsync(), pending);
        try
        {
            await next(context);
        }
        catch
        {
            await pending.RecordAsync(StatusCodes.Status500InternalServerError);
            throw;
        }

        // Responses that have not started yet are recorded when they start; this covers the rest.
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            await pending.RecordAsync();
        }
    }
}
