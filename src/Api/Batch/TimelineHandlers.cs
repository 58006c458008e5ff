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
public sealed class TimelineHandlers(BatchCallers callers, TimelineEngine engine, SpeechUsage usage, TimeProvider time, IOptions<BatchOptions> options)
{
    private readonly BatchOptions _options = options.Value;

    public Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken) =>
        callers.RunAsync(request, async caller =>
        {
            var (audio, error) = await AudioBody.ReadAsync(request, _options.SyncMaxBytes, _options.BodyTimeout, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            using (audio)
            {
                Contracts.Timelines.VisemeTimeline timeline;
                try
                {
                    timeline = engine.Process(audio!, _options.SyncMaxDuration, cancellationToken);
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
