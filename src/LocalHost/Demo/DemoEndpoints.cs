namespace Lipsync.LocalHost.Demo;

internal static class DemoEndpoints
{
    /// <summary><c>GET /demo/{file}</c>; <c>/demo</c> itself (routing ignores a trailing slash) is redirected by the page.</summary>
    public static IEndpointRouteBuilder MapDemoPage(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/demo/{**file}", ["GET", "HEAD"], (HttpRequest r, string? file, DemoPage page) => page.ServeAsync(r, file)).WithName("Demo");
        return app;
    }

    public static IServiceCollection AddDemoPage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName));
        services.AddSingleton<DemoPage>();
        return services;
    }
}
