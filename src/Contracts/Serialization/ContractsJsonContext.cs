using System.Text.Json.Serialization;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Licensing;
using Lipsync.Contracts.Timelines;

namespace Lipsync.Contracts.Serialization;

/// <summary>Source-generated System.Text.Json metadata for every wire type (no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(VisemeTimeline))]
[JsonSerializable(typeof(LicenseInitRequest))]
[JsonSerializable(typeof(LicenseRefreshRequest))]
[JsonSerializable(typeof(LicenseResponse))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(JobList))]
[JsonSerializable(typeof(JobSubmitRequest))]
[JsonSerializable(typeof(Lipsync.Contracts.Models.ModelManifest))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
