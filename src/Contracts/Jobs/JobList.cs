namespace Lipsync.Contracts.Jobs;

/// <summary>
/// One page of <c>GET /api/v1/jobs</c>: the caller's jobs, newest first; <c>next</c> is passed back as
/// <c>?next=</c> for the following page and is null on the last.
/// </summary>
public sealed record JobList(IReadOnlyList<JobRecord> Jobs, string? Next);
