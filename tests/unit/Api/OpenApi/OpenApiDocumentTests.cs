using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Lipsync.Api;
using Lipsync.Api.OpenApi;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Serialization;

namespace Lipsync.UnitTests.Api.OpenApi;

/// <summary>The OpenAPI document against what the code actually does: routes, error catalogue, wire types.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly JsonObject Document = OpenApiDocument.Parse().AsObject();

    private static JsonObject Paths => Document["paths"]!.AsObject();

    private static JsonObject Schema(string name) => Document["components"]!["schemas"]![name]!.AsObject();

    [Fact]
    public void It_is_openapi_3_1_and_every_registered_route_and_method_is_described_and_nothing_else()
    {
        Assert.Equal("3.1.0", (string?)Document["openapi"]);
        var registered = ApiEndpoints.All.Where(e => e.Name != "Fallback").ToList();

        var expected = registered
            .SelectMany(e => e.Methods.Where(m => m != "head").Select(m => $"{m} /{e.Route}"))
            .Order(StringComparer.Ordinal);
        var described = Paths
            .SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key} {p.Key}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, described);
    }

    [Fact]
    public void Each_operation_is_named_as_its_function()
    {
        foreach (var endpoint in ApiEndpoints.All.Where(e => e.Name != "Fallback"))
        {
            var path = Paths["/" + endpoint.Route]!.AsObject();
            var names = endpoint.Methods.Where(m => m is not ("head" or "options")).Select(m => (string?)path[m]!["operationId"]);
            Assert.All(names, n => Assert.Equal(endpoint.Name, n));
        }
    }

    [Fact]
    public void The_error_codes_are_the_catalogue_with_status_class_and_next_step()
    {
        var codes = Schema("ErrorCode")["enum"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(ErrorCatalog.All.Select(e => e.Code), codes);

        var described = Document["x-lipsync-errors"]!.AsArray().ToDictionary(e => (string)e!["code"]!);
        foreach (var error in ErrorCatalog.All)
        {
            var entry = described[error.Code]!;
            Assert.Equal(error.Status, (int)entry["status"]!);
            Assert.Equal(error.Class.ToString(), (string?)entry["class"]);
            Assert.Equal(error.Retryable, (bool)entry["retryable"]!);
            Assert.Equal(error.NextStep, (string?)entry["nextStep"]);
        }
    }

    public static TheoryData<string, string> WireTypes => new()
    {
        { "Error", nameof(ContractsJsonContext.ErrorEnvelope) },
        { "LicenseInitRequest", nameof(ContractsJsonContext.LicenseInitRequest) },
        { "LicenseRefreshRequest", nameof(ContractsJsonContext.LicenseRefreshRequest) },
        { "LicenseResponse", nameof(ContractsJsonContext.LicenseResponse) },
        { "VisemeTimeline", nameof(ContractsJsonContext.VisemeTimeline) },
        { "VisemeCue", nameof(ContractsJsonContext.VisemeCue) },
        { "JobRecord", nameof(ContractsJsonContext.JobRecord) },
        { "JobList", nameof(ContractsJsonContext.JobList) },
        { "JobSubmitRequest", nameof(ContractsJsonContext.JobSubmitRequest) },
        { "ModelManifest", nameof(ContractsJsonContext.ModelManifest) },
    };

    [Theory]
    [MemberData(nameof(WireTypes))]
    public void Each_schema_has_exactly_the_properties_the_wire_type_serializes(string schema, string typeInfo)
    {
        var info = (JsonTypeInfo)typeof(ContractsJsonContext).GetProperty(typeInfo)!.GetValue(ContractsJson.Context)!;
        var serialized = info.Properties.Where(p => p.Get is not null).Select(p => p.Name).Order(StringComparer.Ordinal); // [JsonIgnore] ones have no getter

        var described = Schema(schema)["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(serialized, described);
    }

    [Fact]
    public void Every_reference_resolves()
    {
        var refs = new List<string>();
        Collect(Document, refs);

        Assert.NotEmpty(refs);
        foreach (var reference in refs)
        {
            JsonNode? node = Document;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
            {
                node = node?[part];
            }

            Assert.True(node is not null, reference);
        }
    }

    private static void Collect(JsonNode? node, List<string> refs)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref")
                    {
                        refs.Add((string)value!);
                    }
                    else
                    {
                        Collect(value, refs);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, refs);
                }

                break;
        }
    }
}
