var app = WebApplication.CreateBuilder(args).Build();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
