using Azure.Monitor.OpenTelemetry.Exporter;
using Lipsync.Api;
using Lipsync.Api.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLipsyncApi(builder.Configuration);

// Traces and metrics through OpenTelemetry, exported to Application Insights when it is configured,
// with the app's managed identity (the resource accepts no instrumentation-key auth).
var telemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    var credential = MonitorCredential.From(builder.Configuration);
    telemetry.UseAzureMonitorExporter(o => o.Credential = credential);
}

await builder.Build().RunAsync();
