using Lipsync.Contracts.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Lipsync.Api.Http;

/// <summary>
/// Catch-all: a known path with the wrong method is <c>method_not_allowed</c> (with <c>Allow</c>),
/// anything else <c>route_not_found</c>. Both as JSON envelopes, never an empty or HTML body.
/// </summary>
public sealed class FallbackHandler(ApiPipeline pipeline)
{
    private static readonly (TemplateMatcher Matcher, ApiEndpoint Endpoint)[] Known = ApiEndpoints.All
        .Where(e => e.Route != ApiRoutes.Fallback)
        .Select(e => (new TemplateMatcher(TemplateParser.Parse(ApiRoutes.Prefix + "/" + e.Route), new RouteValueDictionary()), e))
        .ToArray();

    public Task<IResult> HandleAsync(HttpRequest request) =>
        pipeline.RunAsync(request, cors: null, () =>
        {
            foreach (var (matcher, endpoint) in Known)
            {
                if (matcher.TryMatch(request.Path, new RouteValueDictionary()))
                {
                    var allow = string.Join(", ", endpoint.Methods.Select(m => m.ToUpperInvariant()));
                    return Task.FromResult<IResult>(ApiResult.Error(ErrorCodes.MethodNotAllowed, $"{request.Path} accepts {allow}.").WithHeader("Allow", allow));
                }
            }

            return Task.FromResult<IResult>(ApiResult.Error(ErrorCodes.RouteNotFound, $"No endpoint exists at {request.Path}."));
        });
}
