import { createError, LipsyncError } from '../errors.js';
import type { VisemeCue } from '../generated/wire.js';
import { decoding } from './decoder.js';
import { bands, LogMel, frameLayout } from './features.js';
import { StreamingResampler } from './resampler.js';

/** Runs the model on frames `[from, from + length)` (band-major input), giving time-major log-posteriors. */
export type Infer = (features: Float32Array, length: number) => Promise<Float32Array>;

export interface LiveOptions {
  /** Rate of the pushed samples (16,000 or 24,000 from a voice agent, the context's rate from a microphone). */
  readonly sampleRate: number;
  /**
   * Frames (10 ms) of audio after a frame that the model sees before that frame is decided. The model
   * was trained seeing ±32 frames; fewer lower latency and cost some agreement with the offline
   * timeline (see the README's figures). Default 12.
   */
  readonly lookAheadFrames?: number;
  /** Frames the decoder waits before committing a frame (fixed-lag Viterbi). Default 4. */
  readonly decoderLagFrames?: number;
}

const V = 22;
const pastContext = 64; // frames of history given to the model with each block (its receptive radius and more)
const blockFrames = 4;  // the model runs once per 40 ms of audio: under 10 % of a core

/**
 * Live lip sync: audio in as it plays, cues out with bounded latency. Each frame is decided once
 * `lookAheadFrames` of later audio have arrived (the model's look-ahead) plus `decoderLagFrames`
 * (the decoder's), then cues whose viseme lasts at least the minimum run. Normalisation uses running
 * per-band statistics of everything heard so far, so the first second is less exact than the rest.
 * Events: `cue` (detail: VisemeCue, plus `emittedAt`, performance.now()), `error` (detail: { error }).
 */
export class LiveStream extends EventTarget {
  readonly #infer: Infer;
  readonly #check: () => void;
  readonly #resampler: StreamingResampler;
  readonly #lookAhead: number;
  readonly #lag: number;
  readonly #logMel = new LogMel();
  #audio = new Float32Array(1 << 15);
  #audioCount: number;           // 16 kHz samples held (with leading padding)
  #audioStart = 0;               // absolute index (in padded samples) of #audio[0]
  readonly #raw = new Map<number, Float32Array>(); // un-normalised features of the frames still needed
  #frames = 0;                   // frames extracted
  #levels: number[] = [];
  readonly #sum = new Float64Array(bands);
  readonly #sq = new Float64Array(bands);
  #inferred = 0;                 // frames whose log-posteriors are known
  readonly #posteriors = new Map<number, Float32Array>();
  // Fixed-lag Viterbi state.
  #score = new Float32Array(V);
  readonly #back = new Map<number, Uint8Array>();
  #decoded = 0;                  // frames fed to the Viterbi
  #committed = 0;                // frames committed
  #pendingV = -1;                // viseme of the run being committed
  #pendingT = 0;
  #pendingLength = 0;
  #lastEmitted = -1;
  #closed: LipsyncError | undefined;
  #busy: Promise<void> = Promise.resolve();

  constructor(infer: Infer, check: () => void, options: LiveOptions) {
    super();
    this.#infer = infer;
    this.#check = check;
    this.#resampler = new StreamingResampler(options.sampleRate);
    this.#lookAhead = options.lookAheadFrames ?? 12;
    this.#lag = options.decoderLagFrames ?? 4;
    this.#audioCount = frameLayout.leadPadding; // leading zeros centre window 0 on frame 0
  }

  /** The frames decided so far (10 ms each), for measurements. */
  get frames(): number {
    return this.#committed;
  }

  /** Pushes audio (mono Float32 at the stream's rate); resolves when it has been analysed. */
  push(samples: Float32Array): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed);
    const clean = samples.map((x) => (Number.isNaN(x) ? 0 : Math.min(1, Math.max(-1, x))));
    this.#append(this.#resampler.push(clean));
    this.#busy = this.#busy.then(() => this.#advance()).catch((e: unknown) => this.#fail(e));
    return this.#busy;
  }

  /** Stops: later pushes are refused (with `reason`, when given, also as an `error` event); cues already decided stay emitted. */
  close(reason?: LipsyncError): void {
    if (this.#closed) return;
    this.#closed = reason ?? createError('engine_not_licensed', 'The live stream was closed.');
    if (reason) this.dispatchEvent(new CustomEvent('error', { detail: { error: reason } }));
  }

  /** Why the stream stopped, once it has. */
  get stopped(): LipsyncError | undefined {
    return this.#closed;
  }

  #append(samples: Float32Array): void {
    if (this.#audioCount + samples.length > this.#audio.length) {
      // Drop audio no future window needs, then grow if still short.
      const keepFrom = Math.max(0, (this.#frames * frameLayout.hop) - this.#audioStart);
      this.#audio.copyWithin(0, keepFrom, this.#audioCount);
      this.#audioCount -= keepFrom;
      this.#audioStart += keepFrom;
      if (this.#audioCount + samples.length > this.#audio.length) {
        const grown = new Float32Array(Math.max(this.#audio.length * 2, this.#audioCount + samples.length));
        grown.set(this.#audio.subarray(0, this.#audioCount));
        this.#audio = grown;
      }
    }
    this.#audio.set(samples, this.#audioCount);
    this.#audioCount += samples.length;
    // Every window now complete becomes a frame.
    for (;;) {
      const start = (this.#frames * frameLayout.hop) - this.#audioStart;
      if (start + frameLayout.frameSize > this.#audioCount) break;
      const row = new Float32Array(bands);
      this.#levels.push(this.#logMel.compute(this.#audio.subarray(start, start + frameLayout.frameSize), row));
      for (let b = 0; b < bands; b++) {
        this.#sum[b]! += row[b]!;
        this.#sq[b]! += Math.fround(row[b]! * row[b]!);
      }
      this.#raw.set(this.#frames++, row);
    }
  }

  async #advance(): Promise<void> {
    const available = this.#frames;
    // Frames the model may decide now: those with lookAhead frames after them, in whole blocks.
    let target = available - this.#lookAhead;
    target -= (target - this.#inferred) % blockFrames;
    if (target - this.#inferred < blockFrames) return;
    this.#check();

    // The model sees [from, available): history for context, the frames to decide, the look-ahead.
    // `from` stays even so the stride-2 stem pairs frames as in the offline pass.
    let from = Math.max(0, this.#inferred - pastContext);
    from -= from % 2;
    const length = available - from;
    const mean = new Float32Array(bands);
    const inv = new Float32Array(bands);
    for (let b = 0; b < bands; b++) {
      const mu = this.#sum[b]! / available;
      mean[b] = mu;
      inv[b] = 1 / Math.sqrt(Math.max((this.#sq[b]! / available) - (mu * mu), 1e-4));
    }
    const input = new Float32Array(bands * length);
    for (let t = 0; t < length; t++) {
      const row = this.#raw.get(from + t)!;
      for (let b = 0; b < bands; b++) input[(b * length) + t] = Math.fround(row[b]! - mean[b]!) * inv[b]!;
    }
    const logPosteriors = await this.#infer(input, length);
    for (let t = this.#inferred; t < target; t++) this.#posteriors.set(t, logPosteriors.slice((t - from) * V, (t - from + 1) * V));
    this.#inferred = target;
    const nextFrom = Math.max(0, this.#inferred - pastContext) & ~1; // history the next block will not see
    for (const t of this.#raw.keys()) {
      if (t >= nextFrom) break;
      this.#raw.delete(t);
    }
    this.#decode();
  }

  /** Feeds inferred frames to the Viterbi and commits those `lag` frames behind, emitting cues. */
  #decode(): void {
    while (this.#decoded < this.#inferred) {
      const t = this.#decoded;
      const emission = this.#gated(t) ? null : this.#posteriors.get(t)!;
      const next = new Float32Array(V);
      const back = new Uint8Array(V);
      let best = 0;
      for (let j = 1; j < V; j++) if (this.#score[j]! > this.#score[best]!) best = j;
      for (let j = 0; j < V; j++) {
        const stay = this.#score[j]!;
        const move = Math.fround(this.#score[best]! - decoding.switchPenalty);
        back[j] = t === 0 || stay >= move ? j : best;
        next[j] = (t === 0 ? 0 : Math.max(stay, move)) + (emission ? emission[j]! : (j === 0 ? 0 : -1e4));
      }
      this.#score = next;
      this.#back.set(t, back);
      this.#posteriors.delete(t);
      this.#decoded++;
    }
    // Commit every frame `lag` behind the newest: trace back from the best state.
    while (this.#committed <= this.#decoded - 1 - this.#lag) {
      let state = 0;
      for (let j = 1; j < V; j++) if (this.#score[j]! > this.#score[state]!) state = j;
      for (let t = this.#decoded - 1; t > this.#committed; t--) state = this.#back.get(t)![state]!;
      this.#commit(this.#committed, state);
      this.#back.delete(this.#committed);
      this.#committed++;
    }
  }

  /** Quiet that lasts `silenceMinFrames` (as far as the look-ahead can tell), or that starts the stream, is silence. */
  #gated(t: number): boolean {
    const quiet = (i: number): boolean => this.#levels[i]! < decoding.silenceDbfs;
    if (!quiet(t)) return false;
    let start = t;
    while (start > 0 && t - start < decoding.silenceMinFrames && quiet(start - 1)) start--;
    if (start === 0 || t - start >= decoding.silenceMinFrames) return true;
    let end = t;
    while (end < this.#levels.length && quiet(end)) end++;
    return end - start >= decoding.silenceMinFrames;
  }

  /** Runs shorter than the minimum are held back until they last (cues do not flicker). */
  #commit(t: number, v: number): void {
    if (v === this.#pendingV) {
      this.#pendingLength++;
    } else {
      this.#pendingV = v;
      this.#pendingT = t;
      this.#pendingLength = 1;
    }
    const settled = this.#pendingLength >= decoding.minRunFrames || (this.#pendingV === 0 && this.#gated(this.#pendingT));
    if (settled && this.#pendingV !== this.#lastEmitted) {
      this.#lastEmitted = this.#pendingV;
      const cue: VisemeCue & { readonly emittedAt: number } = { t: this.#pendingT * decoding.frameMs, v: this.#pendingV, emittedAt: performance.now() };
      this.dispatchEvent(new CustomEvent('cue', { detail: cue }));
    }
  }

  #fail(e: unknown): void {
    this.close(e instanceof LipsyncError ? e : createError('engine_failure', (e as Error).message ?? String(e)));
  }
}
