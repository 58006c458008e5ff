using Lipsync.Api;
using Lipsync.LocalHost;
using Lipsync.LocalHost.Demo;
using Lipsync.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLocalSettings(Path.Combine(builder.Environment.ContentRootPath, "local.settings.json"));
builder.WebHost.UseKestrelOnLoopback(builder.Configuration);
builder.Logging.ConfigureLocalHostLogging(builder.Configuration);

builder.Services.AddLipsyncApi(builder.Configuration);
builder.Services.AddLocalHostTelemetry(builder.Configuration);
builder.AddLocalTriggers();
builder.Services.AddDemoPage(builder.Configuration);

var app = builder.Build();

// Local runs own their emulator: create the contract's tables, containers and queues up front (unless
// storage is misconfigured: then the API says why on every route instead of failing to start).
if (app.Services.GetRequiredService<StorageOptions>().Problem is null)
{
    await app.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync();
}

app.MapLipsyncEndpoints();
app.MapDemoPage();
await app.RunAsync();
