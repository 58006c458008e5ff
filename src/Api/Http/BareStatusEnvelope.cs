using Lipsync.Contracts.Errors;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Http;

/// <summary>
/// The envelope for an error status that left the framework without a body (no handler ran: routing
/// found no endpoint or no method, or the server refused the request), so clients never parse an
/// empty or HTML error.
/// </summary>
internal static class BareStatusEnvelope
{
    public static Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var code = status switch
        {
            StatusCodes.Status404NotFound => ErrorCodes.RouteNotFound,
            StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
            StatusCodes.Status408RequestTimeout => ErrorCodes.RequestTimeout,
            StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
            StatusCodes.Status400BadRequest => ErrorCodes.InvalidRequest,
            >= 500 => ErrorCodes.InternalError,
            _ => ErrorCatalog.SynthesizedCodeFor(status),
        };
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(ErrorEnvelope.For(code, requestId: RequestIds.Get(context)).ToUtf8Json()).AsTask();
    }
}
