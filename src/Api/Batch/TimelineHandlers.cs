using Lipsync.Api.Http;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Serialization;
using Lipsync.Engine;
using Lipsync.Jobs.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lipsync.Api.Batch;

/// <summary>
/// <c>POST /api/v1/timelines</c>: audio in the body, the timeline in the answer, for short clips
/// (<see cref="BatchOptions.SyncMaxBytes"/>, <see cref="BatchOptions.SyncMaxDuration"/>). Usage is
/// recorded per request.
/// </summary>
public sealed class TimelineHandlers(BatchCallers callers, TimelineEngine engine, SyncAdmission admission, SpeechUsage usage, TimeProvider time, IOptions<BatchOptions> options)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private readonly BatchOptions _options = options.Value;

    public Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken) =>
        callers.RunAsync(request, async caller =>
        {
            // Admission before the body: a refused call costs no memory and no engine time.
            using var slot = await admission.TryEnterAsync(caller.Account.AccountId, cancellationToken);
            if (slot is null)
            {
                return ApiResult.Error(ErrorCodes.RateLimited, "Too many timelines are being made at once for this account or on this instance; retry after the 'Retry-After' seconds, or submit a job (POST /api/v1/jobs).", RetryAfter);
            }

            var (audio, raw, error) = await AudioBody.ReadAsync(request, _options.SyncMaxBytes, _options.BodyTimeout, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            using (audio)
            {
                Contracts.Timelines.VisemeTimeline timeline;
                try
                {
                    // The engine is synchronous and CPU-bound: run it on a thread of its own, never on the
                    // thread pool that key verification and Kestrel need (a burst starved them into 503s).
                    timeline = await Task.Factory.StartNew(() => engine.Process(audio!, raw, _options.SyncMaxDuration, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                }
                catch (LipsyncException e)
                {
                    return ApiResult.Error(e.Code, e.Code == ErrorCodes.AudioTooLong
                        ? $"Clips up to {_options.SyncMaxDuration.TotalMinutes:F0} minutes are processed here; submit longer audio as a job (POST /api/v1/jobs)."
                        : e.Message);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new LipsyncException(ErrorCodes.EngineFailure, ErrorCatalog.Get(ErrorCodes.EngineFailure).DefaultMessage, innerException: e);
                }

                await usage.RecordAsync(caller.Account.AccountId, $"sync|{RequestIds.Get(request.HttpContext)}", timeline.SpeechMs, timeline.DurationMs, time.GetUtcNow(), cancellationToken);
                return ApiResult.Json(timeline, ContractsJson.Context.VisemeTimeline);
            }
        }, cancellationToken);
}
