import { createError } from '../errors.js';
import { bands } from './features.js';
import type { LiveOptions, VoiceStatistics } from './live.js';

/**
 * What an engine keeps of its live streams' voices: the statistics of the last stream to close that
 * heard at least a second of sound start the next one (`LiveOptions.warmStart`). Silence says nothing
 * about a voice, so a quiet stream leaves the memory as it was.
 */
export class VoiceMemory {
  static readonly minVoicedFrames = 100;
  #last: VoiceStatistics | undefined;

  /** The statistics the last qualifying stream closed with, if any. */
  get last(): VoiceStatistics | undefined {
    return this.#last;
  }

  /** Where a new stream's normalisation starts: given statistics, the remembered ones, or (undefined) the built-in prior. */
  startFor(options: LiveOptions): VoiceStatistics | undefined {
    const warm = options.warmStart ?? true;
    if (warm === false) return undefined;
    if (warm === true) return this.#last;
    if (!isUsable(warm)) throw createError('invalid_request', `warmStart statistics must hold ${bands} finite band means and mean squares and a positive frame count.`);
    return warm;
  }

  /** Keeps a closed stream's statistics when it heard enough sound to describe a voice. */
  remember(stream: { readonly voicedFrames: number; readonly statistics: VoiceStatistics }): void {
    if (stream.voicedFrames < VoiceMemory.minVoicedFrames) return;
    const statistics = stream.statistics;
    if (isUsable(statistics)) this.#last = statistics;
  }

  forget(): void {
    this.#last = undefined;
  }
}

/** Checks the numeric live options before a stream is made from them (a bad horizon would poison every later stream). */
export function checkLiveOptions(options: LiveOptions): void {
  const check = (name: string, value: number | undefined, min: number): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= min)) throw createError('invalid_request', `${name} must be a finite number of at least ${min}; it was ${value}.`);
  };
  check('warmFrames', options.warmFrames, 1);
  check('priorFrames', options.priorFrames, 0);
  check('lookAheadFrames', options.lookAheadFrames, 0);
  check('decoderLagFrames', options.decoderLagFrames, 0);
}

function isUsable(s: VoiceStatistics): boolean {
  return s.mean?.length === bands && s.meanSquare?.length === bands && Number.isFinite(s.frames) && s.frames > 0
    && s.mean.every((m, b) => Number.isFinite(m) && Number.isFinite(s.meanSquare[b]!) && s.meanSquare[b]! >= (m * m) - 1e-6);
}
