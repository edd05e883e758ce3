using Microsoft.Extensions.Options;

namespace Liveness.Emulator.Edge;

/// <summary>
/// The headers the Azure edge puts on responses: <c>apim-request-id</c> on every response (errors and
/// control calls included), <c>x-ms-region</c> on Face calls, and <c>CSP-Billing-Usage</c> on successful
/// Face calls only (a 404 is not billed).
/// </summary>
internal sealed class ServiceHeadersMiddleware(RequestDelegate next, IOptions<EmulatorOptions> options)
{
    public const string RequestIdHeader = "apim-request-id";
    public const string BillingHeader = "CSP-Billing-Usage";
    public const string BillingValue = "CognitiveServices.Face.Transaction=1";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers[RequestIdHeader] = Guid.NewGuid().ToString();
        if (context.GetFaceOperation() is not null)
        {
            headers["x-ms-region"] = options.Value.Region;
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                if (response.StatusCode is >= 200 and < 300)
                {
                    response.Headers[BillingHeader] = BillingValue;
                }

                return Task.CompletedTask;
            }, context.Response);
        }

        return next(context);
    }
}
