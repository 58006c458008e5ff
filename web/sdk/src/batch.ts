import { createError } from './errors.js';
import { postJson, readAs, send, sendText, type EndpointOptions } from './http.js';
import { requiredFields, type JobRecord as WireJobRecord } from './generated/wire.js';
import { parseTimeline, type VisemeTimeline } from './timeline.js';

/** A batch job as the API shows it (the OpenAPI `JobRecord`). */
export type JobRecord = WireJobRecord;

/** Audio bytes and, for headerless PCM only, their media type (`audio/pcm;rate=24000`). */
export type Audio = Blob | ArrayBuffer | Uint8Array;

/**
 * `POST /api/v1/timelines`: audio in, a checked timeline out. On servers with a `sec` key; from a page
 * only with a `dev` key on a local origin served by the backend itself (the demo), since the batch
 * routes answer no CORS.
 */
export async function createTimeline(options: EndpointOptions, audio: Audio, mediaType = 'application/octet-stream', signal?: AbortSignal): Promise<VisemeTimeline> {
  // The answer's text goes through the reader's text rules (repeated keys, fractions), as in .NET.
  return parseTimeline(await sendText(options, 'POST', 'api/v1/timelines', body(audio), mediaType, signal));
}

/** `POST /api/v1/jobs`: upload audio, or name a blob already in `audio-in`. */
export async function submitJob(options: EndpointOptions, input: Audio | { readonly blob: string }, mediaType = 'application/octet-stream', signal?: AbortSignal): Promise<JobRecord> {
  const answer = 'blob' in input && typeof input.blob === 'string'
    ? await postJson(options, 'api/v1/jobs', { blob: input.blob }, signal)
    : await send(options, 'POST', 'api/v1/jobs', body(input as Audio), mediaType, signal);
  return readJob(answer);
}

/** `GET /api/v1/jobs/{jobId}`. */
export async function getJob(options: EndpointOptions, jobId: string, signal?: AbortSignal): Promise<JobRecord> {
  return readJob(await send(options, 'GET', `api/v1/jobs/${encodeURIComponent(jobId)}`, undefined, undefined, signal));
}

/** Polls a job until it finishes; a failed job throws its error (as the class the catalogue gives its code). */
export async function waitForJob(options: EndpointOptions, jobId: string, wait: { readonly pollMs?: number; readonly timeoutMs?: number; readonly signal?: AbortSignal } = {}): Promise<JobRecord> {
  const deadline = Date.now() + (wait.timeoutMs ?? 10 * 60_000);
  for (;;) {
    const job = await getJob(options, jobId, wait.signal);
    if (job.status === 'succeeded') return job;
    if (job.status === 'failed') throw createError(job.error?.code ?? 'engine_failure', job.error?.message, { requestId: job.error?.requestId });
    if (Date.now() >= deadline) throw createError('request_timeout', `Job ${jobId} did not finish in time (still ${job.status}).`);
    await new Promise((resolve) => setTimeout(resolve, wait.pollMs ?? 1000));
  }
}

/** `GET /api/v1/jobs/{jobId}/timeline`, checked. */
export async function getJobTimeline(options: EndpointOptions, jobId: string, signal?: AbortSignal): Promise<VisemeTimeline> {
  return parseTimeline(await sendText(options, 'GET', `api/v1/jobs/${encodeURIComponent(jobId)}/timeline`, undefined, undefined, signal));
}

function body(audio: Audio): BodyInit {
  return audio instanceof Uint8Array ? new Blob([new Uint8Array(audio)]) : audio;
}

function readJob(value: unknown): JobRecord {
  return readAs<JobRecord>(value, requiredFields.JobRecord, 'job');
}
