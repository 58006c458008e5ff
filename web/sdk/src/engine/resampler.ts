/**
 * Port of the engine's `StreamingResampler` (src/Engine/Audio): a band-limited rational resampler to
 * 16 kHz, windowed sinc (Kaiser, β = 8), one polyphase row per output phase of the reduced ratio L/M,
 * cutoff at 95 % of the lower Nyquist, 16 zero crossings each side. 16 kHz passes through untouched.
 * Kept identical to the C# by the parity test (features within 1e-4).
 */
export class StreamingResampler {
  static readonly targetRate = 16_000;
  readonly #l: number;
  readonly #m: number;
  readonly #taps: number;
  readonly #phases: Float32Array[];
  readonly #passthrough: boolean;
  #input = new Float32Array(8192);
  #count: number;
  #inputStart: number;
  #nextOutput = 0;
  #consumed = 0;

  constructor(inputRate: number) {
    if (!Number.isInteger(inputRate) || inputRate < 1000) throw new RangeError(`sample rate ${inputRate} is not an integer of at least 1000`);
    this.#passthrough = inputRate === StreamingResampler.targetRate;
    const g = gcd(inputRate, StreamingResampler.targetRate);
    this.#l = StreamingResampler.targetRate / g;
    this.#m = inputRate / g;
    const r = 0.95 * Math.min(1, this.#l / this.#m);
    this.#taps = 2 * Math.ceil(16 / r);
    this.#phases = [];
    if (!this.#passthrough) {
      for (let p = 0; p < this.#l; p++) {
        const frac = p / this.#l;
        const row = new Float32Array(this.#taps);
        for (let i = 0; i < this.#taps; i++) {
          const d = frac + (this.#taps / 2) - 1 - i;
          row[i] = r * sinc(r * d) * kaiser(d / (this.#taps / 2));
        }
        this.#phases.push(row);
      }
    }
    this.#inputStart = -(this.#taps / 2);
    this.#count = this.#taps / 2;
  }

  /** Pushes input and returns every output sample now fully determined. */
  push(samples: Float32Array): Float32Array {
    if (this.#passthrough) return samples.slice();
    this.#append(samples);
    this.#consumed += samples.length;
    return this.#produce(this.#inputStart + this.#count, Number.MAX_SAFE_INTEGER);
  }

  /** Flushes the tail: total output is ceil(input · 16000 / rate) samples. */
  finish(): Float32Array {
    if (this.#passthrough) return new Float32Array(0);
    const total = Math.floor(((this.#consumed * this.#l) + this.#m - 1) / this.#m);
    this.#append(new Float32Array(this.#taps));
    return this.#produce(this.#inputStart + this.#count, total);
  }

  #produce(available: number, limit: number): Float32Array {
    const out: number[] = [];
    const half = this.#taps / 2;
    while (this.#nextOutput < limit) {
      const t = this.#nextOutput * this.#m;
      const base = Math.floor(t / this.#l);
      const phase = t % this.#l;
      const first = base - half + 1;
      if (first + this.#taps > available) break;
      const row = this.#phases[phase]!;
      const offset = first - this.#inputStart;
      let sum = 0;
      for (let i = 0; i < this.#taps; i++) sum += this.#input[offset + i]! * row[i]!;
      out.push(sum);
      this.#nextOutput++;
    }

    const keepFrom = Math.floor((this.#nextOutput * this.#m) / this.#l) - half + 1;
    const drop = Math.min(Math.max(keepFrom - this.#inputStart, 0), this.#count);
    if (drop > 4096) {
      this.#input.copyWithin(0, drop, this.#count);
      this.#count -= drop;
      this.#inputStart += drop;
    }
    return Float32Array.from(out);
  }

  #append(samples: Float32Array): void {
    if (this.#count + samples.length > this.#input.length) {
      const grown = new Float32Array(Math.max(this.#input.length * 2, this.#count + samples.length));
      grown.set(this.#input.subarray(0, this.#count));
      this.#input = grown;
    }
    this.#input.set(samples, this.#count);
    this.#count += samples.length;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function sinc(x: number): number {
  return Math.abs(x) < 1e-12 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

function kaiser(x: number): number {
  return Math.abs(x) > 1 ? 0 : besselI0(8 * Math.sqrt(1 - (x * x))) / besselI0(8);
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) * (x / (2 * k));
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}
