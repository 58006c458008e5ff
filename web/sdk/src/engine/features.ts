import constants from './engine-constants.json';
import { StreamingResampler } from './resampler.js';

/**
 * The engine's front end (src/Engine/Features): mono PCM at any rate → 16 kHz → 40 log-mel bands per
 * 10 ms frame (25 ms Hamming window, 512-point power spectrum) and each frame's level in dBFS, then
 * per-recording mean/variance normalisation. The window and filter bank come from the C# engine
 * (`engine-constants.json`, kept current by a backend test); the arithmetic is ported, and a parity
 * test holds the two within 1e-4.
 */
export const bands = constants.melBands.length;
const { frameSize, hop, fftSize, leadPadding, sampleRate } = constants;
const window = Float32Array.from(constants.window);
/** Window and hop in 16 kHz samples, and the zeros before the first window. */
export const frameLayout = { frameSize, hop, leadPadding } as const;
const melBands = constants.melBands.map((b) => ({ start: b.start, weights: Float32Array.from(b.weights) }));

export interface Features {
  /** Frames × 40, time-major. */
  readonly values: Float32Array;
  /** One level per frame, dBFS. */
  readonly levelsDbfs: Float32Array;
  readonly frames: number;
  /** Exact audio length at 16 kHz. */
  readonly samples16k: number;
}

/** Duration in ms, rounded up (the last frame may be partial), as `FeatureMatrix.DurationMs`. */
export function durationMs(features: Features): number {
  return Math.floor(((features.samples16k * 1000) + sampleRate - 1) / sampleRate);
}

/** Mono samples at `rate` → features (not yet normalised). Non-finite samples count as 0; all are clamped to [-1, 1]. */
export function extractFeatures(samples: Float32Array, rate: number): Features {
  const clean = cleanSamples(samples);
  const resampler = new StreamingResampler(rate);
  const head = resampler.push(clean);
  const tail = resampler.finish();
  const n = head.length + tail.length;
  // Leading zeros centre window i on frame i; trailing zeros complete the last windows.
  const padded = new Float32Array(leadPadding + n + frameSize);
  padded.set(head, leadPadding);
  padded.set(tail, leadPadding + head.length);

  const frames = Math.ceil(n / hop);
  const values = new Float32Array(frames * bands);
  const levels = new Float32Array(frames);
  const logMel = new LogMel();
  for (let f = 0; f < frames; f++) {
    levels[f] = logMel.compute(padded.subarray(f * hop, (f * hop) + frameSize), values.subarray(f * bands, (f + 1) * bands));
  }
  return { values, levelsDbfs: levels, frames, samples16k: n };
}

/** A copy with every sample finite and in [-1, 1] (NaN counts as 0), as the engine's mix-down keeps them. */
export function cleanSamples(samples: Float32Array): Float32Array {
  return samples.map((x) => (Number.isNaN(x) ? 0 : Math.min(1, Math.max(-1, x))));
}

/** Per-band mean and variance normalisation over the whole recording, in place (`FeatureMatrix.Normalize`). */
export function normalize(features: Features): void {
  const { values, frames } = features;
  if (frames === 0) return;
  const mean = new Float64Array(bands);
  const sq = new Float64Array(bands);
  for (let t = 0; t < frames; t++) {
    for (let b = 0; b < bands; b++) {
      const x = values[(t * bands) + b]!;
      mean[b]! += x;
      sq[b]! += Math.fround(x * x);
    }
  }
  const m = new Float32Array(bands);
  const inv = new Float32Array(bands);
  for (let b = 0; b < bands; b++) {
    const mu = mean[b]! / frames;
    const variance = Math.max((sq[b]! / frames) - (mu * mu), 1e-4);
    m[b] = mu;
    inv[b] = 1 / Math.sqrt(variance);
  }
  for (let t = 0; t < frames; t++) {
    for (let b = 0; b < bands; b++) {
      const i = (t * bands) + b;
      values[i] = Math.fround(values[i]! - m[b]!) * inv[b]!;
    }
  }
}

/** One 25 ms window to 40 log-mel energies and a level (`LogMel.Compute`). */
export class LogMel {
  readonly #block = new Float64Array(fftSize);
  readonly #imag = new Float64Array(fftSize);
  readonly #power = new Float32Array((fftSize / 2) + 1);

  /** One frame: `out` gets 40 log energies; returns the frame's RMS in dBFS (−180 for digital silence). */
  compute(frame: Float32Array, out: Float32Array): number {
    let sumSquares = 0;
    const block = this.#block;
    for (let i = 0; i < frameSize; i++) {
      const x = frame[i]!;
      sumSquares += Math.fround(x * x);
      block[i] = Math.fround(x * window[i]!);
    }
    block.fill(0, frameSize);
    this.#imag.fill(0);
    fft(block, this.#imag);
    for (let k = 0; k <= fftSize / 2; k++) this.#power[k] = (block[k]! * block[k]!) + (this.#imag[k]! * this.#imag[k]!);
    for (let b = 0; b < melBands.length; b++) {
      const { start, weights } = melBands[b]!;
      let e = 0;
      for (let k = 0; k < weights.length; k++) e = Math.fround(e + Math.fround(weights[k]! * this.#power[start + k]!));
      out[b] = Math.log(Math.max(e, 1e-10));
    }
    const rms = Math.sqrt(sumSquares / frameSize);
    return rms <= 1e-9 ? -180 : 20 * Math.log10(rms);
  }
}

// In-place iterative radix-2 FFT of (re, im), size fftSize.
const twiddleRe = new Float64Array(fftSize / 2);
const twiddleIm = new Float64Array(fftSize / 2);
for (let i = 0; i < fftSize / 2; i++) {
  twiddleRe[i] = Math.cos((-2 * Math.PI * i) / fftSize);
  twiddleIm[i] = Math.sin((-2 * Math.PI * i) / fftSize);
}
const bitReversed = new Uint16Array(fftSize);
for (let i = 0, bits = Math.log2(fftSize); i < fftSize; i++) {
  let r = 0;
  for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
  bitReversed[i] = r;
}

function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 0; i < n; i++) {
    const j = bitReversed[i]!;
    if (j > i) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = twiddleRe[k * step]!;
        const wi = twiddleIm[k * step]!;
        const a = start + k;
        const b = a + half;
        const tr = (re[b]! * wr) - (im[b]! * wi);
        const ti = (re[b]! * wi) + (im[b]! * wr);
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}
