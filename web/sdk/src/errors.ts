import { catalog, type ErrorClassName } from './generated/catalog.js';

export type { ErrorClassName } from './generated/catalog.js';

/** Every failure the SDK reports: a stable `code` from the server's catalogue and what to do next. */
export class LipsyncError extends Error {
  /** A catalogue code (`origin_not_allowed`, `session_expired`, ...). */
  readonly code: string;
  /** The HTTP status of the answer, or 0 when the error was raised here (nothing sent, or no answer came). */
  readonly status: number;
  /** The server's request id (envelope or `x-request-id`), for support. */
  readonly requestId: string | undefined;
  /** Whether trying again later can help. */
  readonly retryable: boolean;
  /** What to do about it, from the catalogue. */
  readonly nextStep: string;
  /** Seconds the server asked to wait (`Retry-After`), when it did. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: string, message: string, init: { status?: number; requestId?: string | undefined; retryAfterSeconds?: number | undefined; cause?: unknown } = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    const entry = catalog[code];
    this.name = new.target.name;
    this.code = code;
    this.status = init.status ?? 0;
    this.requestId = init.requestId;
    // A code this SDK does not know yet (a newer server): retryable when its status says so, as in .NET.
    this.retryable = entry?.retryable ?? (this.status === 429 || this.status >= 500);
    this.nextStep = entry?.nextStep ?? 'Check the code and the message.';
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** Authorization trouble at init that may pass on its own (throttling). */
export class LicenseError extends LipsyncError {}

/** A hard refusal at init or refresh: never retried; recover with a fresh init after fixing the cause. */
export class RefusedError extends LipsyncError {}

/** The edge could not be reached, or something in between answered with a non-envelope. */
export class NetworkError extends LipsyncError {}

/** The engine could not make a timeline of the audio. */
export class EngineError extends LipsyncError {}

const classes: Record<ErrorClassName, typeof LipsyncError> = {
  LipsyncError,
  LicenseError,
  RefusedError,
  NetworkError,
  EngineError,
};

/** The error for a catalogue code, as the class the catalogue assigns it (unknown codes: `LipsyncError`). */
export function createError(code: string, message?: string, init: ConstructorParameters<typeof LipsyncError>[2] = {}): LipsyncError {
  const entry = catalog[code];
  const Class = entry ? classes[entry.errorClass] : (init.status ?? 0) >= 500 ? NetworkError : LipsyncError;
  return new Class(code, message ?? entry?.message ?? code, init);
}

/** The code for an answer without an envelope (as the .NET SDK does): 429 and 503 keep their meaning. */
export function synthesizedCodeFor(status: number): string {
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'service_unavailable';
  if (status >= 500) return 'unexpected_server_response';
  if (status >= 400) return 'unexpected_client_response';
  return 'unexpected_server_response';
}

/** Reads a non-2xx answer: its envelope when it has one, else a code derived from the status. */
export function errorFromResponse(status: number, body: string, headers: { get(name: string): string | null }): LipsyncError {
  const headerId = headers.get('x-request-id') ?? undefined;
  const retryAfter = Number.parseInt(headers.get('retry-after') ?? '', 10);
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
  try {
    const envelope: unknown = JSON.parse(body);
    if (isEnvelope(envelope)) {
      const requestId = typeof envelope.requestId === 'string' ? envelope.requestId : headerId;
      return createError(envelope.code, typeof envelope.message === 'string' ? envelope.message : undefined, { status, requestId, retryAfterSeconds });
    }
  } catch {
    // not JSON: fall through
  }

  const code = synthesizedCodeFor(status);
  const message = body.length === 0
    ? `The server answered HTTP ${status} with an empty body.`
    : `The server answered HTTP ${status} with a body that is not a JSON error envelope.`;
  return createError(code, message, { status, requestId: headerId, retryAfterSeconds });
}

// As the .NET reader: an object with a non-empty string code is an envelope; message and requestId are optional.
function isEnvelope(value: unknown): value is { code: string; message?: unknown; requestId?: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const code = (value as Record<string, unknown>)['code'];
  return typeof code === 'string' && code.length > 0;
}
