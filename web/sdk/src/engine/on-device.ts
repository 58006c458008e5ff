import type * as Ort from 'onnxruntime-web';
import { createError, LipsyncError } from '../errors.js';
import { requiredFields, type Jwks, type ModelManifest, type VisemeTimeline } from '../generated/wire.js';
import { getPublic, readAs, urlOf, type Edge } from '../http.js';
import { LicenseSession } from '../session.js';
import { decodeFrames, decoding, framesToTimeline, silenceMask } from './decoder.js';
import { bands, durationMs, extractFeatures, normalize } from './features.js';
import { verifyLicense, type LicenseClaims } from './license-check.js';
import { LiveStream, type LiveOptions, type VoiceStatistics } from './live.js';
import { VoiceMemory } from './voice-memory.js';

export interface OnDeviceEngineOptions {
  /**
   * The license session that unlocks the engine; it must be `ready` (or `degraded`) to create and to
   * process. Its edge (endpoint) is where the JWKS and the model come from.
   */
  readonly session: LicenseSession;
  /**
   * The model: its URL or its bytes. Default: the version the edge names at `GET /api/v1/models/viseme`,
   * fetched from the edge (immutable bytes, so the browser's cache keeps them).
   */
  readonly model?: string | URL | ArrayBuffer | Uint8Array;
  /**
   * ONNX Runtime Web: the URL of its `ort.wasm.bundle.min.mjs` (default: `ort/` beside this module, where
   * the build puts it), or the module itself (Node, bundlers).
   */
  readonly runtime?: string | URL | typeof Ort;
  /** The runtime's `.wasm`: its URL (default: `ort/ort-wasm-simd-threaded.wasm` beside this module) or its bytes. */
  readonly wasm?: string | URL | ArrayBuffer;
  /** Outside a browser only: the origin the license must name (in a page it is always `location.origin`). */
  readonly origin?: string;
}

/** What `processAudio` returns: the same timeline the server makes for that audio. */
export interface OnDeviceResult {
  readonly timeline: VisemeTimeline;
  readonly durationMs: number;
  readonly speechMs: number;
}

const classes = 22;
const chunkFrames = 4096;
const context = 64; // frames each side of a chunk, at least the network's receptive radius (as VisemeModel)

/**
 * The engine on the user's device: ONNX Runtime Web (WASM, one thread) running the server's model,
 * with the server's front end and decoder ported to TypeScript. It runs only while its license
 * session is `ready` or `degraded`, and only after it has verified the license itself (ES256 against the
 * edge's JWKS, expiry, origin): at creation and again at every refresh. A refused session or a
 * license that no longer verifies stops it with the catalogue's code.
 */
export class OnDeviceEngine {
  readonly #options: OnDeviceEngineOptions;
  readonly #model: Ort.InferenceSession;
  readonly #ort: typeof Ort;
  #jwks: Jwks;
  #claims: LicenseClaims;
  #verifying: Promise<void> | undefined;
  #stopped: LipsyncError | undefined;
  readonly #streams = new Set<LiveStream>();
  readonly #voices = new VoiceMemory(); // the last stream's normalisation statistics: the next one's warm start
  // Verifications run one after another, so an older one never overwrites a newer one's claims.
  readonly #onRefresh = (): void => { this.#verifying = (this.#verifying ?? Promise.resolve()).then(() => this.#verify()).catch((e: unknown) => this.#stop(asError(e))); };
  readonly #onRefused = (e: Event): void => this.#stop((e as CustomEvent<{ error: LipsyncError }>).detail.error);

  private constructor(options: OnDeviceEngineOptions, ort: typeof Ort, model: Ort.InferenceSession, jwks: Jwks, claims: LicenseClaims) {
    this.#options = options;
    this.#ort = ort;
    this.#model = model;
    this.#jwks = jwks;
    this.#claims = claims;
    options.session.addEventListener('refresh', this.#onRefresh);
    options.session.addEventListener('refused', this.#onRefused);
  }

  /** Verifies the session's license, then loads the runtime and the model. Nothing loads for a license that does not verify. */
  static async create(options: OnDeviceEngineOptions): Promise<OnDeviceEngine> {
    if (!(options.session instanceof LicenseSession)) throw createError('engine_not_licensed', 'The engine needs a LicenseSession of this SDK.');
    requireLive(options.session);
    let jwks = await fetchJwks(options.session.endpoint);
    await verifyCurrent(options, jwks, 0); // before anything loads

    const given = typeof options.runtime === 'object' && !(options.runtime instanceof URL);
    const ort = given
      ? options.runtime as typeof Ort
      : (await import(/* @vite-ignore */ String(options.runtime ?? new URL('./ort/ort.wasm.bundle.min.mjs', import.meta.url)))) as typeof Ort;
    ort.env.wasm.numThreads = 1; // one thread: no cross-origin isolation needed, and a bounded share of the device
    if (options.wasm instanceof ArrayBuffer) ort.env.wasm.wasmBinary = options.wasm;
    // Only the .wasm is named: the bundle build carries its own glue module, so nothing else is fetched.
    else if (options.wasm !== undefined || !given) ort.env.wasm.wasmPaths = { wasm: String(options.wasm ?? new URL('./ort/ort-wasm-simd-threaded.wasm', import.meta.url)) };
    const model = options.model instanceof ArrayBuffer || options.model instanceof Uint8Array
      ? new Uint8Array(options.model)
      : String(options.model ?? await modelUrl(options.session.endpoint));
    const session = await ort.InferenceSession.create(model as Uint8Array, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    // The session may have refreshed (or been refused) while the runtime and model loaded: check again.
    let claims: LicenseClaims;
    try {
      requireLive(options.session);
      ({ claims, jwks } = await verifyWithRotation(options, jwks, 0));
    } catch (e) {
      await session.release();
      throw e;
    }
    return new OnDeviceEngine(options, ort, session, jwks, claims);
  }

  /** The license claims last verified (session id, epoch, expiry). */
  get claims(): LicenseClaims {
    return this.#claims;
  }

  /** Mono Float32 PCM at any rate in, the server's timeline out, computed here. */
  async processAudio(samples: Float32Array, options: { readonly sampleRate: number }): Promise<OnDeviceResult> {
    await this.#verifying;
    this.#assertLicensed();
    checkRate(options.sampleRate);
    if (samples.length === 0) throw createError('audio_empty', 'There are no samples to process.');
    const features = extractFeatures(samples, options.sampleRate);
    normalize(features);
    const logPosteriors = await this.#logPosteriors(features.values, features.frames);
    // A refusal during inference returns nothing. Expiry is judged at the start only: inference holds the
    // thread, so the session cannot refresh during it, and a long file would otherwise fail for that alone.
    this.#assertNotRefused();
    const gated = silenceMask(features.levelsDbfs, decoding.silenceDbfs, decoding.silenceMinFrames);
    const frames = decodeFrames(logPosteriors, gated, decoding.switchPenalty, decoding.minRunFrames);
    const timeline = framesToTimeline(frames, durationMs(features));
    return { timeline, durationMs: timeline.durationMs, speechMs: timeline.speechMs };
  }

  /**
   * A live stream: push audio as it plays (or tap a MediaStream or media element with `tapAudio`) and
   * listen for `cue` events. It stops with the session's error (`key_disabled`, ...) when the license
   * is refused or no longer verifies.
   */
  stream(options: LiveOptions): LiveStream {
    this.#assertLicensed();
    checkRate(options.sampleRate);
    const warm = this.#voices.startFor(options);
    const live = new LiveStream((input, length) => this.#infer(input, length), () => this.#assertLicensed(), options, () => {
      this.#streams.delete(live);
      this.#voices.remember(live);
    }, warm);
    this.#streams.add(live);
    return live;
  }

  /** The statistics the next warm-started stream starts from (undefined until a stream has heard a second of sound). */
  get voice(): VoiceStatistics | undefined {
    return this.#voices.last;
  }

  /** Forgets the last stream's voice: the next stream starts from the built-in prior (a new speaker, a new microphone). */
  forgetVoice(): void {
    this.#voices.forget();
  }

  /** Stops following the session and frees the model. */
  async close(): Promise<void> {
    this.#stop(createError('engine_not_licensed', 'The engine was closed.'));
    this.#options.session.removeEventListener('refresh', this.#onRefresh);
    this.#options.session.removeEventListener('refused', this.#onRefused);
    await this.#model.release();
  }

  #stop(error: LipsyncError): void {
    this.#stopped ??= error;
    for (const live of this.#streams) live.close(error);
    this.#streams.clear();
  }

  async #verify(): Promise<void> {
    requireLive(this.#options.session);
    const { claims, jwks } = await verifyWithRotation(this.#options, this.#jwks, this.#claims.epoch);
    this.#claims = claims;
    this.#jwks = jwks;
  }

  #assertLicensed(): void {
    this.#assertNotRefused();
    if (this.#claims.exp * 1000 <= Date.now()) throw createError('license_invalid', 'The license did not verify: it has expired.');
  }

  #assertNotRefused(): void {
    if (this.#stopped) throw this.#stopped;
    requireLive(this.#options.session);
  }

  async #logPosteriors(values: Float32Array, total: number): Promise<Float32Array> {
    const result = new Float32Array(total * classes);
    for (let start = 0; start < total; start += chunkFrames) {
      const from = Math.max(0, start - context);
      const to = Math.min(total, start + chunkFrames + context);
      const length = to - from;
      const input = new Float32Array(bands * length); // band-major [1, 40, T]
      for (let t = 0; t < length; t++) {
        for (let b = 0; b < bands; b++) input[(b * length) + t] = values[((from + t) * bands) + b]!;
      }
      const end = Math.min(total, start + chunkFrames);
      const chunk = await this.#infer(input, length);
      result.set(chunk.subarray((start - from) * classes, (end - from) * classes), start * classes);
    }
    return result;
  }

  /** The model on band-major features [1, 40, length]: time-major log-posteriors (length × 22). */
  async #infer(input: Float32Array, length: number): Promise<Float32Array> {
    const outputs = await this.#model.run({ features: new this.#ort.Tensor('float32', input, [1, bands, length]) });
    const logits = outputs['logits']!.data as Float32Array;
    const result = new Float32Array(length * classes);
    for (let t = 0; t < length; t++) {
      const row = result.subarray(t * classes, (t + 1) * classes);
      for (let v = 0; v < classes; v++) row[v] = logits[(v * length) + t]!;
      logSoftmax(row);
    }
    return result;
  }
}

/**
 * The session's current license, verified: signature, expiry and origin, the epoch the session holds,
 * never older than the last one verified. A key the cached JWKS lacks (the edge rotated its signing
 * key) fetches the JWKS again once.
 */
async function verifyWithRotation(options: OnDeviceEngineOptions, jwks: Jwks, lastEpoch: number): Promise<{ claims: LicenseClaims; jwks: Jwks }> {
  try {
    return { claims: await verifyCurrent(options, jwks, lastEpoch), jwks };
  } catch (e) {
    if (!(e instanceof LipsyncError) || !e.message.includes('no key of the edge')) throw e;
    const fresh = await fetchJwks(options.session.endpoint);
    return { claims: await verifyCurrent(options, fresh, lastEpoch), jwks: fresh };
  }
}

async function verifyCurrent(options: OnDeviceEngineOptions, jwks: Jwks, lastEpoch: number): Promise<LicenseClaims> {
  const license = options.session.license!;
  const claims = await verifyLicense(license.license, jwks, expectedOrigin(options), Date.now());
  if (claims.epoch !== license.epoch || claims.epoch < lastEpoch) {
    throw createError('license_invalid', `The license did not verify: its epoch ${claims.epoch} is not the session's (${license.epoch}, last verified ${lastEpoch}).`);
  }
  return claims;
}

/** The edge's public keys (no key sent: the JWKS is public, and a bare GET needs no preflight). */
async function fetchJwks(edge: Edge): Promise<Jwks> {
  return readAs<Jwks>(await getPublic(edge, 'api/v1/license/jwks'), requiredFields.Jwks, 'JWKS');
}

/** The URL of the model version the edge serves now (its path is from the API's root, like every route the SDK calls). */
async function modelUrl(edge: Edge): Promise<string> {
  const manifest = readAs<ModelManifest>(await getPublic(edge, 'api/v1/models/viseme'), requiredFields.ModelManifest, 'model manifest');
  return String(urlOf(edge.endpoint, manifest.url));
}

function checkRate(rate: number): void {
  if (!Number.isInteger(rate) || rate < 1000 || rate > 384_000) throw createError('invalid_request', `The sample rate ${rate} is not a whole number of hertz between 1,000 and 384,000.`);
}

function requireLive(session: LicenseSession): void {
  if (session.closed) throw createError('engine_not_licensed', 'The license session was closed; the on-device engine runs only while it is kept current.');
  if (session.status === 'ready' || session.status === 'degraded') return;
  if (session.status === 'refused' && session.lastError) throw session.lastError;
  throw createError('engine_not_licensed', `The license session is ${session.status}; the on-device engine runs only while it is ready or degraded.`);
}

function expectedOrigin(options: OnDeviceEngineOptions): string | undefined {
  // In a page the license must name the page's own origin, whatever the options say.
  const g = globalThis as { location?: { origin?: string } };
  return g.location?.origin ?? options.origin;
}

function asError(e: unknown): LipsyncError {
  return e instanceof LipsyncError ? e : createError('engine_failure', (e as Error).message ?? String(e));
}

function logSoftmax(row: Float32Array): void {
  let max = -Infinity;
  for (const x of row) max = Math.max(max, x);
  let sum = 0;
  for (const x of row) sum += Math.exp(x - max);
  const log = max + Math.log(sum);
  for (let i = 0; i < row.length; i++) row[i] = row[i]! - log;
}
