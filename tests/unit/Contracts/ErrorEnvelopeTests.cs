using System.Text;
using System.Text.Json;
using Lipsync.Contracts.Errors;

namespace Lipsync.UnitTests.Contracts;

public sealed class ErrorEnvelopeTests
{
    [Fact]
    public void Serializes_to_the_flat_wire_shape()
    {
        var json = Encoding.UTF8.GetString(ErrorEnvelope.For(ErrorCodes.OriginNotAllowed, requestId: "r-1").ToUtf8Json());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(["code", "message", "requestId"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("origin_not_allowed", root.GetProperty("code").GetString());
        Assert.Equal(ErrorCatalog.Get("origin_not_allowed").DefaultMessage, root.GetProperty("message").GetString());
        Assert.Equal("r-1", root.GetProperty("requestId").GetString());
    }

    [Fact]
    public void Omits_a_missing_request_id()
    {
        var json = Encoding.UTF8.GetString(new ErrorEnvelope("x_y", "m").ToUtf8Json());
        Assert.Equal("""{"code":"x_y","message":"m"}""", json);
    }

    [Fact]
    public void Reads_a_server_envelope_and_keeps_unknown_members_out()
    {
        var body = """{"code":"key_disabled","message":"Disabled.","requestId":"abc","extra":{"nested":[1,2]}}"""u8;
        var envelope = ErrorEnvelope.FromResponse(402, body, "header-id");
        Assert.Equal(new ErrorEnvelope("key_disabled", "Disabled.", "abc"), envelope);
    }

    [Fact]
    public void Takes_the_request_id_from_the_header_when_the_body_has_none()
    {
        var envelope = ErrorEnvelope.FromResponse(401, """{"code":"missing_bearer","message":"m"}"""u8, "hdr");
        Assert.Equal("hdr", envelope.RequestId);
    }

    [Theory]
    [InlineData(502, "<html><body>Bad gateway</body></html>", "unexpected_server_response")]
    [InlineData(500, "", "unexpected_server_response")]
    [InlineData(429, "", "rate_limited")]
    [InlineData(503, "Service Unavailable", "service_unavailable")]
    [InlineData(404, "Not Found", "unexpected_client_response")]
    [InlineData(400, "{\"error\":\"Invalid API key\"}", "unexpected_client_response")]
    [InlineData(400, "{\"code\":42}", "unexpected_client_response")]
    [InlineData(400, "{\"code\":\"\"}", "unexpected_client_response")]
    [InlineData(400, "[\"code\"]", "unexpected_client_response")]
    [InlineData(400, "{\"code\":\"x\"", "unexpected_client_response")]
    public void Synthesizes_a_status_derived_code_when_there_is_no_envelope(int status, string body, string code)
    {
        var envelope = ErrorEnvelope.FromResponse(status, Encoding.UTF8.GetBytes(body), "rid");
        Assert.Equal(code, envelope.Code);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), envelope.Message, StringComparison.Ordinal);
        Assert.Equal("rid", envelope.RequestId);
    }

    [Theory]
    [InlineData("invalid_api_key", 401, typeof(RefusedException))]
    [InlineData("session_expired", 404, typeof(RefusedException))]
    [InlineData("rate_limited", 429, typeof(LicenseException))]
    [InlineData("engine_failure", 500, typeof(EngineException))]
    [InlineData("unexpected_server_response", 502, typeof(NetworkException))]
    [InlineData("invalid_json", 400, typeof(LipsyncException))]
    [InlineData("a_code_from_a_newer_server", 400, typeof(LipsyncException))]
    [InlineData("a_code_from_a_newer_server", 500, typeof(NetworkException))]
    public void Exceptions_take_the_class_the_catalogue_assigns(string code, int status, Type expected)
    {
        var error = LipsyncException.FromEnvelope(new ErrorEnvelope(code, "m", "rid"), status, TimeSpan.FromSeconds(3));
        Assert.IsType(expected, error);
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.Status);
        Assert.Equal("rid", error.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
        Assert.Equal(new ErrorEnvelope(code, "m", "rid"), error.ToEnvelope());
    }

    [Fact]
    public void Exceptions_carry_retryability_and_next_step_from_the_catalogue()
    {
        var limited = LipsyncException.FromEnvelope(ErrorEnvelope.For("rate_limited"), 429);
        Assert.True(limited.Retryable);
        Assert.Equal(ErrorCatalog.Get("rate_limited").NextStep, limited.NextStep);

        var refused = LipsyncException.FromEnvelope(ErrorEnvelope.For("key_disabled"), 402);
        Assert.False(refused.Retryable);

        var unknown5xx = new LipsyncException("brand_new", "m", 503);
        Assert.True(unknown5xx.Retryable);
        Assert.Null(unknown5xx.NextStep);
    }
}
