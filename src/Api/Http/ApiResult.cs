using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lipsync.Contracts.Errors;
using Lipsync.Licensing.Verification;
using Microsoft.AspNetCore.Http;

namespace Lipsync.Api.Http;

/// <summary>
/// A finished HTTP answer: status, JSON body, extra headers. Error answers carry an
/// <see cref="ErrorEnvelope"/> whose request id is filled in when written, so handlers never thread it.
/// </summary>
public sealed class ApiResult : IResult
{
    private readonly byte[]? _body;
    private readonly ErrorEnvelope? _error;
    private readonly List<KeyValuePair<string, string>> _headers = [];

    private ApiResult(int status, byte[]? body, ErrorEnvelope? error)
    {
        Status = status;
        _body = body;
        _error = error;
    }

    public int Status { get; }

    /// <summary>The error code, for logs and metrics; null on success.</summary>
    public string? ErrorCode => _error?.Code;

    public static ApiResult Json<T>(T value, JsonTypeInfo<T> typeInfo, int status = StatusCodes.Status200OK) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), null);

    public static ApiResult RawJson(byte[] utf8Json, int status = StatusCodes.Status200OK) => new(status, utf8Json, null);

    public static ApiResult NoContent() => new(StatusCodes.Status204NoContent, null, null);

    /// <summary>An error envelope for a catalogue code, with its status; <c>Retry-After</c> when given.</summary>
    public static ApiResult Error(string code, string? message = null, TimeSpan? retryAfter = null)
    {
        var descriptor = ErrorCatalog.Get(code);
        var result = new ApiResult(descriptor.Status, null, new ErrorEnvelope(code, message ?? descriptor.DefaultMessage));
        if (retryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            result.WithHeader("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        }

        return result;
    }

    public static ApiResult From(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return Error(refusal.Code, refusal.Message, refusal.RetryAfter);
    }

    public ApiResult WithHeader(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Status;
        foreach (var (name, value) in _headers)
        {
            response.Headers[name] = value;
        }

        var body = _error is null ? _body : (_error with { RequestId = RequestIds.Get(httpContext) }).ToUtf8Json();
        if (body is null)
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(httpContext.Request.Method))
        {
            await response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
