// The bare YARP proxy that bench/run measures the gateway against: the gateway's liveness route
// shape (appsettings.json here) forwarding to the same upstream, with no authentication, no
// ownership, no transforms beyond the path rewrite and no logging on the request path. The upstream
// address comes from the environment (ReverseProxy__Clusters__face__Destinations__face__Address).
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
