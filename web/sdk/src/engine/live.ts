import { createError, LipsyncError } from '../errors.js';
import type { VisemeCue } from '../generated/wire.js';
import { decoding } from './decoder.js';
import { bands, cleanSamples, LogMel, frameLayout } from './features.js';
import prior from './live-prior.json';
import { StreamingResampler } from './resampler.js';
import { checkLiveOptions } from './voice-memory.js';

/** Runs the model on frames `[from, from + length)` (band-major input), giving time-major log-posteriors. */
export type Infer = (features: Float32Array, length: number) => Promise<Float32Array>;

export interface LiveOptions {
  /** Rate of the pushed samples (16,000 or 24,000 from a voice agent, the context's rate from a microphone). */
  readonly sampleRate: number;
  /**
   * Frames (10 ms) of audio after a frame that the model sees before that frame is decided. The model
   * was trained seeing ±32 frames; fewer lower latency and cost some agreement with the offline
   * timeline (see the README's figures). Default 14 (chosen on the held-out voices' tuning utterances).
   */
  readonly lookAheadFrames?: number;
  /** Frames the decoder waits before committing a frame (fixed-lag Viterbi). Default 2. */
  readonly decoderLagFrames?: number;
  /**
   * For a stream that starts cold: how many frames the built-in normalisation prior (per-band statistics
   * of training voices) counts for before the stream's own frames outweigh it. Default 50 (0.5 s); 0 uses
   * the stream's alone.
   */
  readonly priorFrames?: number;
  /**
   * Where normalisation starts. `true` (default): from the engine's last stream to close that heard at
   * least a second of sound (whatever its rate or source; the first stream of an engine starts cold).
   * `false`: from the built-in prior. Statistics (a stream's `statistics`): from those, for apps that
   * hear several voices and keep one per speaker. On the held-out voices a warm start removes most of the
   * difference a cold start makes; see the README's figures.
   */
  readonly warmStart?: boolean | VoiceStatistics;
  /**
   * The statistics' memory in frames: a warm start counts for at most this many, and a long stream forgets
   * older frames at this horizon, so a new voice takes over within seconds. Default 1,000 (10 s).
   */
  readonly warmFrames?: number;
}

/** Per-band statistics of the features a stream has normalised with: what the next stream can start from. */
export interface VoiceStatistics {
  readonly mean: Float64Array;
  readonly meanSquare: Float64Array;
  /** The weight the statistics carry, in frames (decayed: at most `warmFrames`, the starting point's included). */
  readonly frames: number;
}

/**
 * The default memory of the normalisation statistics, in frames: 10 s, chosen on the held-out voices'
 * tuning utterances (web/sdk/bench/held-out.mjs --tune): as a warm start's cap, 300 frames cost 0.6
 * points, 1000 nothing, no cap 4.3 (a new voice could not take over); as the forgetting horizon of a long
 * stream, 1000 and 2000 are within 0.1 of each other.
 */
export const WARM_FRAMES = 1000;

const V = 22;
const pastContext = 64; // frames of history given to the model with each block (its receptive radius and more)
const blockFrames = 4;  // the model runs once per 40 ms of audio: under 10 % of a core

/**
 * Live lip sync: audio in as it plays, cues out with bounded latency. Each frame is decided once
 * `lookAheadFrames` of later audio have arrived (the model's look-ahead), plus `decoderLagFrames`
 * (the decoder's), then cues whose viseme lasts at least the minimum run. Normalisation uses running
 * per-band statistics of the last 10 s or so (`warmFrames`), started from the engine's previous stream
 * (`warmStart`) or, for its first, from a prior of training voices' statistics that the stream's own
 * outweigh after about a second.
 * Events: `cue` (detail: VisemeCue, plus `emittedAt`, performance.now()), `error` (detail: { error }).
 */
export class LiveStream extends EventTarget {
  readonly #infer: Infer;
  readonly #check: () => void;
  readonly #onClosed: () => void;
  readonly #sampleRate: number;
  readonly #resampler: StreamingResampler;
  readonly #lookAhead: number;
  readonly #lag: number;
  readonly #logMel = new LogMel();
  #audio = new Float32Array(1 << 15);
  #audioCount: number;           // 16 kHz samples held (with leading padding)
  #audioStart = 0;               // absolute index (in padded samples) of #audio[0]
  readonly #raw = new Map<number, Float32Array>(); // un-normalised features of the frames still needed
  #frames = 0;                   // frames extracted
  #levels: number[] = [];       // frame levels from #levelsStart on (the gate looks a few frames back)
  #levelsStart = 0;
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
  #weight = 0;                   // frames the running statistics stand for (the starting point's included)
  #voiced = 0;                   // frames louder than the silence threshold
  readonly #decay: number;       // forgetting per frame: the statistics follow the last warmFrames or so
  #ending = false;               // finish() called: quiet at the very end is silence, as offline
  #busy: Promise<void> = Promise.resolve();

  constructor(infer: Infer, check: () => void, options: LiveOptions, onClosed: () => void = () => {}, warm?: VoiceStatistics) {
    super();
    checkLiveOptions(options);
    this.#infer = infer;
    this.#check = check;
    this.#onClosed = onClosed;
    this.#sampleRate = options.sampleRate;
    this.#resampler = new StreamingResampler(options.sampleRate);
    this.#lookAhead = options.lookAheadFrames ?? 14;
    this.#lag = options.decoderLagFrames ?? 2;
    this.#audioCount = frameLayout.leadPadding; // leading zeros centre window 0 on frame 0
    // Running statistics start from the previous stream's (warm) or the built-in prior, counted as that many frames.
    const horizon = options.warmFrames ?? WARM_FRAMES;
    this.#decay = 1 - (1 / horizon);
    const weight = warm ? Math.min(warm.frames, horizon) : options.priorFrames ?? 50;
    this.#weight = weight;
    for (let b = 0; b < bands; b++) {
      const mean = warm ? warm.mean[b]! : prior.mean[b]!;
      this.#sum[b] = weight * mean;
      this.#sq[b] = weight * (warm ? warm.meanSquare[b]! : prior.variance[b]! + (mean * mean));
    }
  }

  /** The rate pushed samples must have. */
  get sampleRate(): number {
    return this.#sampleRate;
  }

  /** The statistics normalisation uses now (its starting point included). */
  get statistics(): VoiceStatistics {
    const frames = this.#weight;
    return {
      mean: this.#sum.map((s) => s / Math.max(frames, 1)),
      meanSquare: this.#sq.map((s) => s / Math.max(frames, 1)),
      frames,
    };
  }

  /** Frames (10 ms) heard so far that were louder than silence: what says something about the voice. */
  get voicedFrames(): number {
    return this.#voiced;
  }

  /** The frames decided so far (10 ms each), for measurements. */
  get frames(): number {
    return this.#committed;
  }

  /** Pushes audio (mono Float32 at the stream's rate); resolves when it has been analysed. */
  push(samples: Float32Array): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed);
    this.#append(this.#resampler.push(cleanSamples(samples)));
    return this.#run(() => this.#advance(false));
  }

  /**
   * The audio has ended: the last frames are decided without look-ahead (as the offline engine ends a
   * file), their cues emitted, and the stream closes.
   */
  finish(): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed);
    this.#ending = true;
    this.#append(this.#resampler.finish());
    this.#append(new Float32Array(frameLayout.frameSize), true);
    return this.#run(async () => {
      await this.#advance(true);
      this.close();
    });
  }

  #run(step: () => Promise<void>): Promise<void> {
    this.#busy = this.#busy.then(async () => {
      if (this.#closed) throw this.#closed;
      await step();
    }).catch((e: unknown) => {
      this.#fail(e);
      throw this.#closed;
    });
    const settled = this.#busy;
    this.#busy = this.#busy.catch(() => {}); // the next step still runs (and sees #closed)
    return settled;
  }

  /** Stops: later pushes are refused (with `reason`, when given, also as an `error` event); cues already decided stay emitted. */
  close(reason?: LipsyncError): void {
    if (this.#closed) return;
    this.#closed = reason ?? createError('engine_not_licensed', 'The live stream was closed.');
    this.#onClosed();
    if (reason) this.dispatchEvent(new CustomEvent('error', { detail: { error: reason } }));
  }

  /** Why the stream stopped, once it has. */
  get stopped(): LipsyncError | undefined {
    return this.#closed;
  }

  /** Appends 16 kHz audio and extracts every frame whose window is complete (`ending`: only frames that start inside the audio). */
  #append(samples: Float32Array, ending = false): void {
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
    const total = Math.ceil((this.#audioStart + this.#audioCount - frameLayout.leadPadding - (ending ? samples.length : 0)) / frameLayout.hop);
    for (;;) {
      const start = (this.#frames * frameLayout.hop) - this.#audioStart;
      if (start + frameLayout.frameSize > this.#audioCount || (ending && this.#frames >= total)) break;
      const row = new Float32Array(bands);
      const level = this.#logMel.compute(this.#audio.subarray(start, start + frameLayout.frameSize), row);
      this.#levels.push(level);
      if (level >= decoding.silenceDbfs) this.#voiced++;
      for (let b = 0; b < bands; b++) {
        this.#sum[b] = (this.#sum[b]! * this.#decay) + row[b]!;
        this.#sq[b] = (this.#sq[b]! * this.#decay) + Math.fround(row[b]! * row[b]!);
      }
      this.#weight = (this.#weight * this.#decay) + 1;
      this.#raw.set(this.#frames++, row);
    }
  }

  async #advance(final: boolean): Promise<void> {
    const available = this.#frames;
    // Frames the model may decide now: those with lookAhead frames after them, in whole blocks (at the
    // end, all of them).
    let target = final ? available : available - this.#lookAhead;
    if (!final) target -= (target - this.#inferred) % blockFrames;
    if (target - this.#inferred < (final ? 1 : blockFrames)) {
      if (final) this.#decode(true);
      return;
    }
    this.#check();

    // The model sees [from, available): history for context, the frames to decide, the look-ahead.
    // `from` stays even so the stride-2 stem pairs frames as in the offline pass.
    let from = Math.max(0, this.#inferred - pastContext);
    from -= from % 2;
    const length = available - from;
    const mean = new Float32Array(bands);
    const inv = new Float32Array(bands);
    const count = this.#weight;
    for (let b = 0; b < bands; b++) {
      const mu = this.#sum[b]! / count;
      mean[b] = mu;
      inv[b] = 1 / Math.sqrt(Math.max((this.#sq[b]! / count) - (mu * mu), 1e-4));
    }
    const input = new Float32Array(bands * length);
    for (let t = 0; t < length; t++) {
      const row = this.#raw.get(from + t)!;
      for (let b = 0; b < bands; b++) input[(b * length) + t] = Math.fround(row[b]! - mean[b]!) * inv[b]!;
    }
    const logPosteriors = await this.#infer(input, length);
    if (this.#closed) return; // stopped (refused, closed) during inference: nothing more is decided
    this.#check();
    for (let t = this.#inferred; t < target; t++) this.#posteriors.set(t, logPosteriors.slice((t - from) * V, (t - from + 1) * V));
    this.#inferred = target;
    const nextFrom = Math.max(0, this.#inferred - pastContext) & ~1; // history the next block will not see
    for (const t of this.#raw.keys()) {
      if (t >= nextFrom) break;
      this.#raw.delete(t);
    }
    this.#decode(final);
  }

  /** Feeds inferred frames to the Viterbi and commits those `lag` frames behind (at the end, all), emitting cues. */
  #decode(final = false): void {
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
      // Scores only ever compare with each other: keep them near zero so hours of audio keep float precision.
      let top = next[0]!;
      for (let j = 1; j < V; j++) top = Math.max(top, next[j]!);
      for (let j = 0; j < V; j++) next[j] = next[j]! - top;
      this.#score = next;
      this.#back.set(t, back);
      this.#posteriors.delete(t);
      this.#decoded++;
    }
    // Commit every frame `lag` behind the newest: trace back from the best state.
    while (this.#committed <= this.#decoded - 1 - (final ? 0 : this.#lag)) {
      let state = 0;
      for (let j = 1; j < V; j++) if (this.#score[j]! > this.#score[state]!) state = j;
      for (let t = this.#decoded - 1; t > this.#committed; t--) state = this.#back.get(t)![state]!;
      this.#commit(this.#committed, state);
      this.#back.delete(this.#committed);
      this.#committed++;
    }
    // The gate looks back at most silenceMinFrames from frames not yet committed.
    const keep = this.#committed - decoding.silenceMinFrames - 1;
    if (keep - this.#levelsStart > 4096) {
      this.#levels = this.#levels.slice(keep - this.#levelsStart);
      this.#levelsStart = keep;
    }
    if (final && this.#pendingLength > 0) this.#emit(); // the last run counts whatever its length
  }

  /** Quiet that lasts `silenceMinFrames` (as far as the look-ahead can tell), or that starts the stream, is silence. */
  #gated(t: number): boolean {
    const quiet = (i: number): boolean => this.#levels[i - this.#levelsStart]! < decoding.silenceDbfs;
    if (!quiet(t)) return false;
    let start = t;
    while (start > 0 && t - start < decoding.silenceMinFrames && quiet(start - 1)) start--;
    if (start === 0 || t - start >= decoding.silenceMinFrames) return true;
    let end = t;
    const known = this.#levelsStart + this.#levels.length;
    while (end < known && quiet(end)) end++;
    return end - start >= decoding.silenceMinFrames || (end === known && this.#ending);
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
    if (settled) this.#emit();
  }

  #emit(): void {
    if (this.#pendingV === this.#lastEmitted || this.#closed) return;
    this.#lastEmitted = this.#pendingV;
    const cue: VisemeCue & { readonly emittedAt: number } = { t: this.#pendingT * decoding.frameMs, v: this.#pendingV, emittedAt: performance.now() };
    this.dispatchEvent(new CustomEvent('cue', { detail: cue }));
  }

  #fail(e: unknown): void {
    this.close(e instanceof LipsyncError ? e : createError('engine_failure', (e as Error).message ?? String(e)));
  }
}
