using System.Globalization;
using System.Text.Json;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lipsync.LocalHost;

internal static class HostingExtensions
{
    /// <summary>
    /// Reads the <c>Values</c> of a Functions-style <c>local.settings.json</c> (if present) so both hosts
    /// take the same setting names; <c>A__B</c> keys become <c>A:B</c> as with environment variables.
    /// Environment variables still win.
    /// </summary>
    public static IConfigurationBuilder AddLocalSettings(this ConfigurationManager configuration, string path)
    {
        if (!File.Exists(path))
        {
            return configuration;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return configuration;
        }

        var settings = values.EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.ToString());
        var sources = configuration.Sources;
        sources.Insert(Math.Max(0, sources.Count - 2), new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });
        return configuration;
    }

    /// <summary>Kestrel on 127.0.0.1 only, port from <c>PORT</c> (default 7071, the Functions host's).</summary>
    public static void UseKestrelOnLoopback(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        var port = int.TryParse(configuration["PORT"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 7071;
        webHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, port);
            k.AddServerHeader = false;
            // The body cap comes from the shared API registration (above every handler's own limit).
        });
    }

    /// <summary>One line per entry locally; JSON lines with <c>Logging:Console:FormatterName=json</c>.</summary>
    public static void ConfigureLocalHostLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.ClearProviders();
        logging.AddConsole();
        if (configuration["Logging:Console:FormatterName"] is null)
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }

        logging.AddFilter("Azure.Core", LogLevel.Error);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    }

    /// <summary>
    /// OpenTelemetry traces and metrics for HTTP, outgoing storage calls and our own meters. Exporters:
    /// console when <c>Telemetry:Console</c> is true, Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set.
    /// </summary>
    public static IServiceCollection AddLocalHostTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var console = string.Equals(configuration["Telemetry:Console"], "true", StringComparison.OrdinalIgnoreCase);
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("lipsync-localhost"))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("Azure.*", "Lipsync.*");
                if (console)
                {
                    t.AddConsoleExporter();
                }

                if (!string.IsNullOrEmpty(azureMonitor))
                {
                    t.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
                }
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentationIfAvailable().AddMeter("Lipsync.*");
                if (console)
                {
                    m.AddConsoleExporter();
                }

                if (!string.IsNullOrEmpty(azureMonitor))
                {
                    m.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
                }
            });
        return services;
    }

    private static MeterProviderBuilder AddRuntimeInstrumentationIfAvailable(this MeterProviderBuilder builder) =>
        builder.AddMeter("System.Runtime");
}
