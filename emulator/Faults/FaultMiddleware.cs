using Liveness.Emulator.Calls;
using Liveness.Emulator.Edge;
using Liveness.Emulator.Errors;

namespace Liveness.Emulator.Faults;

/// <summary>
/// Applies injected faults to Face calls only (never to the control API): latency first, then the next
/// failure, if any. "drop" aborts the connection without any response.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultState faults, ILogger<FaultMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetFaceOperation() is not { } operation)
        {
            await next(context);
            return;
        }

        var (latencyMs, failure) = faults.Take();
        if (latencyMs > 0)
        {
            // Real time on purpose: the injected TimeProvider may be a FakeTimeProvider that never moves.
            await Task.Delay(latencyMs, context.RequestAborted);
        }

        if (failure is null)
        {
            await next(context);
            return;
        }

        Log.FaultInjected(logger, failure.Kind, operation.Name);
        switch (failure.Kind)
        {
            case FaultKinds.TooManyRequests:
                await FaceErrors.TooManyRequests(failure.RetryAfterSeconds ?? 1).ExecuteAsync(context);
                break;
            case FaultKinds.ServiceUnavailable:
                await FaceErrors.ServiceUnavailable(failure.RetryAfterSeconds).ExecuteAsync(context);
                break;
            case FaultKinds.Error:
                await new FaceErrorResult(failure.Status!.Value, failure.Code!, failure.Message!, failure.RetryAfterSeconds).ExecuteAsync(context);
                break;
            case FaultKinds.Drop:
                // Record first: once the connection is gone the caller may already be asking what arrived.
                if (context.Features.Get<PendingCall>() is { } call)
                {
                    await call.RecordAsync(PendingCall.DroppedStatus);
                }

                context.Abort();
                break;
            default:
                await FaceErrors.InternalServerError().ExecuteAsync(context);
                break;
        }
    }
}
