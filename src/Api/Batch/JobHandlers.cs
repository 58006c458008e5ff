using Azure;
using Lipsync.Api.Http;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.Contracts.Serialization;
using Lipsync.Jobs.Output;
using Lipsync.Jobs.Records;
using Lipsync.Jobs.Submission;
using Lipsync.Licensing.Verification;
using Lipsync.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.Batch;

/// <summary>
/// <c>POST /api/v1/jobs</c> (audio in the body, or <c>{"blob": "name"}</c> for a blob already in
/// <c>audio-in</c> under the caller's account), <c>GET /api/v1/jobs/{jobId}</c> and
/// <c>GET /api/v1/jobs/{jobId}/timeline</c>. Jobs are visible to keys of the account that owns them only;
/// another account's job is <c>job_not_found</c>, as is a malformed id.
/// </summary>
public sealed class JobHandlers(BatchCallers callers, JobSubmitter submitter, JobStore jobs, OutputWriter outputs, IOptions<BatchOptions> options)
{
    private const int MaxJsonBodyBytes = 4096;
    private readonly BatchOptions _options = options.Value;

    public Task<IResult> SubmitAsync(HttpRequest request, CancellationToken cancellationToken) =>
        callers.RunAsync(request, async caller =>
        {
            var account = caller.Account.AccountId;
            JobEntity? job;
            if (IsJson(request.ContentType))
            {
                var body = await JsonBody.ReadAsync(request, ContractsJson.Context.JobSubmitRequest, MaxJsonBodyBytes, optional: false, cancellationToken);
                if (body.Error is not null)
                {
                    return body.Error;
                }

                if (BlobNameProblem(body.Value!.Blob, account) is { } problem)
                {
                    return problem;
                }

                job = await submitter.SubmitExistingAsync(body.Value.Blob!, "Api", cancellationToken);
                if (job is null)
                {
                    return ApiResult.Error(ErrorCodes.BlobNotFound, $"No blob named '{body.Value.Blob}' exists in '{StorageNames.AudioInContainer}'.");
                }
            }
            else
            {
                if (AudioBody.Precheck(request, _options.JobUploadMaxBytes) is { } problem)
                {
                    return problem;
                }

                try
                {
                    await using var audio = new RequestBodyStream(request, _options.JobUploadMaxBytes, _options.BodyTimeout);
                    job = await submitter.UploadAndSubmitAsync(account, audio, request.ContentType, cancellationToken);
                }
                catch (Exception e) when (e is not ClientBodyException && ClientBodyException.Find(e) is { } fault)
                {
                    // The Storage SDK wraps a failed source stream (and may call it an outage): the client's fault wins.
                    throw fault;
                }
            }

            return ApiResult.Json(job.ToRecord(), ContractsJson.Context.JobRecord, StatusCodes.Status202Accepted)
                .WithHeader("Location", $"/{Lipsync.Api.ApiRoutes.Prefix}/{Lipsync.Api.ApiRoutes.Jobs}/{job.JobId}");
        }, cancellationToken);

    /// <summary><c>GET /api/v1/jobs?status=&amp;top=&amp;next=</c>: the caller's own jobs, newest first, a page at a time.</summary>
    public Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken) =>
        callers.RunAsync(request, async caller =>
        {
            var status = request.Query["status"].ToString();
            if (status.Length > 0 && status is not (JobStatus.Queued or JobStatus.Running or JobStatus.Succeeded or JobStatus.Failed))
            {
                return ApiResult.Error(ErrorCodes.InvalidRequest, "Query 'status' must be queued, running, succeeded or failed.");
            }

            var top = 50;
            if (request.Query["top"].ToString() is { Length: > 0 } topText
                && (!int.TryParse(topText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) || top is < 1 or > 200))
            {
                return ApiResult.Error(ErrorCodes.InvalidRequest, "Query 'top' must be a number from 1 to 200.");
            }

            var next = request.Query["next"].ToString();
            if (next.Length > 1024)
            {
                return ApiResult.Error(ErrorCodes.InvalidRequest, "Query 'next' is not a continuation this API returned.");
            }

            try
            {
                var (page, continuation) = await jobs.ListAsync(caller.Account.AccountId, status.Length > 0 ? status : null, top, next.Length > 0 ? next : null, cancellationToken);
                return ApiResult.Json(new JobList([.. page.Select(j => j.ToRecord())], continuation), ContractsJson.Context.JobList);
            }
            catch (ArgumentException)
            {
                return ApiResult.Error(ErrorCodes.InvalidRequest, "Query 'next' is not a continuation this API returned.");
            }
        }, cancellationToken);

    public Task<IResult> GetAsync(HttpRequest request, string jobId, CancellationToken cancellationToken) =>
        callers.RunAsync(request, async caller =>
        {
            var (job, refusal) = await FindAsync(caller, jobId, cancellationToken);
            return refusal ?? ApiResult.Json(job!.ToRecord(), ContractsJson.Context.JobRecord);
        }, cancellationToken);

    public Task<IResult> GetTimelineAsync(HttpRequest request, string jobId, CancellationToken cancellationToken) =>
        callers.RunAsync(request, async caller =>
        {
            var (job, refusal) = await FindAsync(caller, jobId, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            if (job!.Status == JobStatus.Failed)
            {
                return ApiResult.Error(job.ErrorCode ?? ErrorCodes.InternalError, job.ErrorMessage);
            }

            if (job.Status != JobStatus.Succeeded)
            {
                return ApiResult.Error(ErrorCodes.JobNotFinished, $"Job {job.JobId} is {job.Status}.");
            }

            try
            {
                var content = await outputs.Blob(job.OutputName).DownloadContentAsync(cancellationToken);
                var version = SourceVersion.FromMetadata(content.Value.Details.Metadata);
                return version?.ETag == job.InputETag
                    ? ApiResult.RawJson(content.Value.Content.ToArray())
                    : ApiResult.Error(ErrorCodes.InputReplaced, "A newer upload of the same input replaced this job's timeline; fetch the newer job's.");
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return ApiResult.Error(ErrorCodes.InputReplaced, "This job's timeline no longer exists.");
            }
            catch (Exception e) when (StorageFailures.IsOutage(e))
            {
                throw new ServiceUnavailableException("Blob storage is unavailable.", e);
            }
        }, cancellationToken);

    private async Task<(JobEntity? Job, ApiResult? Refusal)> FindAsync(VerifiedCaller caller, string jobId, CancellationToken cancellationToken)
    {
        var job = JobIds.IsWellFormed(jobId) ? await jobs.GetAsync(jobId, cancellationToken) : null;
        return job is null || job.AccountId != caller.Account.AccountId
            ? (null, ApiResult.Error(ErrorCodes.JobNotFound, $"No job '{jobId}' exists for this account."))
            : (job, null);
    }

    // Names are confined to the caller's folder of the drop zone (invalid_request), and pass the one
    // blob-name rule every producer of a name meets (invalid_blob_name).
    private static ApiResult? BlobNameProblem(string? blob, string account)
    {
        if (string.IsNullOrWhiteSpace(blob))
        {
            return ApiResult.Error(ErrorCodes.InvalidRequest, "Field 'blob' is required: the name of a blob in 'audio-in'.");
        }

        if (!blob.StartsWith(account + "/", StringComparison.Ordinal) || blob.Length == account.Length + 1)
        {
            return ApiResult.Error(ErrorCodes.InvalidRequest, $"Field 'blob' must name a blob under '{account}/', this account's folder of 'audio-in'.");
        }

        return BlobNames.Problem(blob) is { } problem ? ApiResult.Error(ErrorCodes.InvalidBlobName, $"Field 'blob' is not a valid blob name: {problem}.") : null;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}
