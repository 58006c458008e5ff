import { LipsyncError, RefusedError, createError } from './errors.js';
import { guardKey, postJson, readAs, type Edge, type EndpointOptions } from './http.js';
import { requiredFields, type LicenseResponse } from './generated/wire.js';

/** A license (the OpenAPI `LicenseResponse`): send `sessionId` back on refresh; `license` is a compact JWS (ES256). */
export type License = LicenseResponse;

export type LicenseStatus = 'idle' | 'initializing' | 'ready' | 'degraded' | 'refused' | 'error';

export interface LicenseSessionOptions extends EndpointOptions {
  /** A stable id of the end user (hashed server-side for monthly active users). */
  readonly userId?: string;
  readonly fingerprintHash?: string;
  /** Consecutive failed refreshes after which the session is refused for good (default 4). */
  readonly maxConsecutiveRefreshFailures?: number;
  /** First delay after a failed refresh, doubling per failure, jittered (default 2,000 ms). */
  readonly refreshRetryDelayMs?: number;
}

/**
 * One license session, as the .NET SDK's: `init()`, then refreshes in the background every
 * `refreshAfterMs`, paused while the page is hidden and caught up when it shows again. A transient
 * refresh failure (429, 5xx, network) makes it `degraded` and is retried with backoff; a hard refusal
 * (a key disabled mid-session, `session_expired`) or too many failures in a row make it `refused` for
 * good. Events: `statuschange` ({ previous, status }), `refresh` ({ epoch }), `refused` ({ error }),
 * `error` ({ error }).
 */
export class LicenseSession extends EventTarget {
  #status: LicenseStatus = 'idle';
  #license: License | undefined;
  #error: LipsyncError | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dueAt = 0;
  #failures = 0;
  #closed = false;
  #refreshing: Promise<License> | undefined;
  readonly #options: LicenseSessionOptions;
  readonly #onVisibility = (): void => this.#visibilityChanged();

  constructor(options: LicenseSessionOptions) {
    super();
    guardKey(options.key);
    this.#options = options;
  }

  get status(): LicenseStatus {
    return this.#status;
  }

  /** The current license, once ready. */
  get license(): License | undefined {
    return this.#license;
  }

  get epoch(): number {
    return this.#license?.epoch ?? 0;
  }

  /** The last failure (init or refresh). */
  get lastError(): LipsyncError | undefined {
    return this.#error;
  }

  /** Whether `close()` ended the session (its license is no longer kept current). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Where the session's edge is and how it is reached (the on-device engine fetches its JWKS and model there). */
  get endpoint(): Edge {
    const { endpoint, fetch, timeoutMs } = this.#options;
    return { endpoint, ...(fetch ? { fetch } : {}), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
  }

  /**
   * Posts the init (a retryable failure, 429 or 5xx or no answer, is tried twice more with backoff, as the
   * .NET SDK does); on success the session is `ready` and refreshing. A failure leaves it in `error`
   * and is thrown.
   */
  async init(): Promise<License> {
    if (this.#status !== 'idle') throw new Error(`The session is ${this.#status}; call reload() for a fresh init.`);
    this.#closed = false;
    this.#setStatus('initializing');
    const body: Record<string, string> = {};
    if (this.#options.userId !== undefined) body['userId'] = this.#options.userId;
    if (this.#options.fingerprintHash !== undefined) body['fingerprintHash'] = this.#options.fingerprintHash;
    for (let attempt = 1; ; attempt++) {
      try {
        this.#license = readLicense(await postJson(this.#options, 'api/v1/license/init', body));
        break;
      } catch (e) {
        const error = asLipsyncError(e);
        if (error.retryable && attempt < 3 && !this.#closed) {
          await delay(Math.max(this.#retryDelay(attempt), (error.retryAfterSeconds ?? 0) * 1000));
          continue;
        }

        this.#error = error;
        this.#setStatus('error');
        this.#emit('error', { error });
        throw error;
      }
    }

    this.#setStatus('ready');
    if (this.#closed) return this.#license; // closed while the init was in flight: licensed, not refreshing
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.#onVisibility);
    this.#schedule(this.#license.refreshAfterMs);
    return this.#license;
  }

  /** A fresh init (the way out of `refused` and `error`): stops this session's refreshes and starts over. */
  reload(): Promise<License> {
    this.close();
    this.#license = undefined;
    this.#error = undefined;
    this.#failures = 0;
    this.#setStatus('idle');
    return this.init();
  }

  /** Refreshes now (the background schedule continues from here). Throws what a refresh throws. */
  refresh(): Promise<License> {
    if (!this.#license || this.#status === 'refused' || this.#closed) {
      return Promise.reject(this.#status === 'refused' ? this.#error! : new Error(`The session is ${this.#status}.`));
    }

    this.#refreshing ??= this.#refreshOnce().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Stops refreshing; the session is done. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  async #refreshOnce(): Promise<License> {
    clearTimeout(this.#timer);
    try {
      const next = readLicense(await postJson(this.#options, 'api/v1/license/refresh', { sessionId: this.#license!.sessionId }));
      if (this.#closed) return next; // closed while in flight: no status change, no events
      this.#license = next;
      this.#failures = 0;
      this.#setStatus('ready');
      this.#emit('refresh', { epoch: next.epoch });
      this.#schedule(next.refreshAfterMs);
      return next;
    } catch (e) {
      const error = asLipsyncError(e);
      if (this.#closed) throw error;
      this.#error = error;
      this.#failures++;
      const max = this.#options.maxConsecutiveRefreshFailures ?? 4;
      if (!error.retryable || this.#failures >= max) {
        // As the .NET SDK: the cause's code, as a RefusedError (only a fresh init recovers).
        const refusal = error instanceof RefusedError
          ? error
          : new RefusedError(error.code, error.retryable ? `${this.#failures} refreshes failed in a row; last: ${error.code}: ${error.message}` : error.message, { status: error.status, requestId: error.requestId, cause: error });
        this.#error = refusal;
        this.close();
        this.#setStatus('refused');
        this.#emit('refused', { error: refusal });
        throw refusal;
      }

      this.#setStatus('degraded');
      this.#emit('error', { error });
      this.#schedule(Math.max(this.#retryDelay(this.#failures), (error.retryAfterSeconds ?? 0) * 1000));
      throw error;
    }
  }

  // Doubling from refreshRetryDelayMs per failure, jittered ±20 %.
  #retryDelay(failures: number): number {
    return (this.#options.refreshRetryDelayMs ?? 2000) * 2 ** (failures - 1) * (0.8 + (Math.random() * 0.4));
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#dueAt = Date.now() + delayMs;
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return; // resumed when shown
    this.#timer = setTimeout(() => void this.refresh().catch(() => undefined), delayMs);
    // In Node a pending refresh must not keep the process alive (browsers have no such notion).
    (this.#timer as { unref?: () => void }).unref?.();
  }

  #visibilityChanged(): void {
    if (this.#closed || !this.#license) return;
    if (document.visibilityState === 'hidden') {
      clearTimeout(this.#timer);
    } else {
      this.#schedule(Math.max(0, this.#dueAt - Date.now()));
    }
  }

  #setStatus(status: LicenseStatus): void {
    const previous = this.#status;
    this.#status = status;
    if (previous !== status) this.#emit('statuschange', { previous, status });
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function readLicense(value: unknown): License {
  return readAs<License>(value, requiredFields.LicenseResponse, 'license');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function asLipsyncError(e: unknown): LipsyncError {
  return e instanceof LipsyncError ? e : createError('network_error', (e as Error)?.message ?? String(e), { cause: e });
}
