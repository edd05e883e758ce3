using System.Diagnostics;

namespace Liveness.Gateway.Errors;

/// <summary>Every error the gateway produces is problem+json with a traceId, and no stack trace ever leaves it.</summary>
internal static class ErrorHandlingExtensions
{
    public static WebApplicationBuilder AddGatewayProblemDetails(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier));
        return builder;
    }

    public static WebApplication UseGatewayErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Kestrel's own rejections (body too large, malformed request) keep their 4xx status.
            StatusCodeSelector = exception => exception is BadHttpRequestException badRequest ? badRequest.StatusCode : StatusCodes.Status500InternalServerError,
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }
}
