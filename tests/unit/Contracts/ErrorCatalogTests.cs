using System.Reflection;
using System.Text.RegularExpressions;
using Lipsync.Contracts.Errors;

namespace Lipsync.UnitTests.Contracts;

public sealed partial class ErrorCatalogTests
{
    // The product spec's edge table (notes/product-spec.md §2), copied here on purpose: the catalogue must agree with it.
    public static TheoryData<string, int> SpecEdgeCodes => new()
    {
        { "missing_bearer", 401 }, { "invalid_api_key", 401 }, { "key_expired", 401 },
        { "key_disabled", 402 }, { "subscription_past_due_expired", 402 }, { "subscription_canceled", 402 },
        { "wrong_key_scope", 403 }, { "prod_key_on_localhost", 403 }, { "dev_key_on_public_domain", 403 },
        { "origin_not_allowed", 403 }, { "origin_allowlist_empty", 403 }, { "missing_origin", 403 },
        { "rate_limited", 429 }, { "session_expired", 404 },
    };

    [Theory]
    [MemberData(nameof(SpecEdgeCodes))]
    public void Spec_edge_codes_have_the_spec_status(string code, int status)
    {
        Assert.True(ErrorCatalog.TryGet(code, out var d), $"{code} missing from the catalogue");
        Assert.Equal(status, d.Status);
    }

    [Theory]
    [MemberData(nameof(SpecEdgeCodes))]
    public void Hard_refusals_are_RefusedError_and_throttling_is_a_retryable_LicenseError(string code, int status)
    {
        var d = ErrorCatalog.Get(code);
        if (status == 429)
        {
            Assert.Equal(ErrorClass.LicenseError, d.Class);
            Assert.True(d.Retryable);
        }
        else
        {
            Assert.Equal(ErrorClass.RefusedError, d.Class);
            Assert.False(d.Retryable);
        }
    }

    [Fact]
    public void Every_entry_is_complete_and_unique_snake_case()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in ErrorCatalog.All)
        {
            Assert.Matches(SnakeCase(), d.Code);
            Assert.True(codes.Add(d.Code), $"duplicate code {d.Code}");
            Assert.True(d.Status == 0 || d.Status is >= 400 and <= 599, $"{d.Code}: status {d.Status}");
            Assert.True(Enum.IsDefined(d.Class), $"{d.Code}: class");
            Assert.False(string.IsNullOrWhiteSpace(d.NextStep), $"{d.Code}: next step");
            Assert.False(string.IsNullOrWhiteSpace(d.DefaultMessage), $"{d.Code}: message");
            Assert.EndsWith(".", d.DefaultMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_declared_code_constant_is_catalogued_and_nothing_else_is()
    {
        var constants = typeof(ErrorCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(constants.Order(StringComparer.Ordinal), ErrorCatalog.All.Select(d => d.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bad_timeline_is_client_side_and_not_retryable()
    {
        var d = ErrorCatalog.Get(ErrorCodes.BadTimeline);
        Assert.Equal(0, d.Status);
        Assert.Equal(ErrorClass.LipsyncError, d.Class);
        Assert.False(d.Retryable);
    }

    [Theory]
    [InlineData(429, "rate_limited")]
    [InlineData(503, "service_unavailable")]
    [InlineData(502, "unexpected_server_response")]
    [InlineData(500, "unexpected_server_response")]
    [InlineData(404, "unexpected_client_response")]
    [InlineData(400, "unexpected_client_response")]
    public void Synthesized_codes_follow_the_status(int status, string code)
    {
        Assert.Equal(code, ErrorCatalog.SynthesizedCodeFor(status));
        Assert.True(ErrorCatalog.TryGet(code, out _));
    }

    [Fact]
    public void Unknown_codes_are_not_found_and_Get_names_them()
    {
        Assert.False(ErrorCatalog.TryGet("no_such_code", out _));
        var e = Assert.Throws<KeyNotFoundException>(() => ErrorCatalog.Get("no_such_code"));
        Assert.Contains("no_such_code", e.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    [Fact]
    public void Next_steps_never_send_a_local_user_to_a_dashboard_alone()
    {
        // A newcomer on ./run has no dashboard: every step that names one also names the CLI verb.
        Assert.All(ErrorCatalog.All.Where(e => e.NextStep.Contains("dashboard", StringComparison.OrdinalIgnoreCase)),
            e => Assert.Contains("lipsync ", e.NextStep, StringComparison.Ordinal));
    }
}
