import type { VisemeCue, VisemeTimeline } from '../generated/wire.js';

/** The engine's decoding settings (`EngineOptions` defaults). */
export const decoding = { silenceDbfs: -50, silenceMinFrames: 10, switchPenalty: 2.5, minRunFrames: 3, frameMs: 10 } as const;
const V = 22;

/**
 * `SilenceGate.Mask`: frames quieter than the threshold are silence whatever the model says, when the
 * quiet lasts `minFrames` or touches either end; shorter gaps inside speech stay with the model.
 */
export function silenceMask(levels: Float32Array, thresholdDbfs: number, minFrames: number): Uint8Array {
  const gated = new Uint8Array(levels.length);
  let start = 0;
  while (start < levels.length) {
    if (levels[start]! >= thresholdDbfs) {
      start++;
      continue;
    }
    let end = start;
    while (end < levels.length && levels[end]! < thresholdDbfs) end++;
    if (end - start >= minFrames || start === 0 || end === levels.length) gated.fill(1, start, end);
    start = end;
  }
  return gated;
}

/**
 * `CueDecoder.Decode`: a Viterbi pass with a fixed cost per change over time-major log-posteriors
 * (frames × 22), gated frames forced to silence, then runs shorter than `minRunFrames` absorbed by the
 * neighbour they resemble more.
 */
export function decodeFrames(logPosteriors: Float32Array, gated: Uint8Array, switchPenalty: number, minRunFrames: number): Int32Array {
  const frames = gated.length;
  const path = new Int32Array(frames);
  if (frames === 0) return path;
  const back = new Uint8Array(frames * V);
  let score = new Float32Array(V);
  let next = new Float32Array(V);
  for (let t = 0; t < frames; t++) {
    const silent = gated[t] === 1;
    let bestPrev = 0;
    for (let j = 1; j < V; j++) if (score[j]! > score[bestPrev]!) bestPrev = j;
    for (let j = 0; j < V; j++) {
      const stay = score[j]!;
      const move = Math.fround(score[bestPrev]! - switchPenalty);
      const from = t === 0 || stay >= move ? j : bestPrev;
      const emission = silent ? (j === 0 ? 0 : -1e4) : logPosteriors[(t * V) + j]!;
      next[j] = (t === 0 ? 0 : Math.max(stay, move)) + emission;
      back[(t * V) + j] = from;
    }
    [score, next] = [next, score];
  }
  let state = 0;
  for (let j = 1; j < V; j++) if (score[j]! > score[state]!) state = j;
  for (let t = frames - 1; t >= 0; t--) {
    path[t] = state;
    state = back[(t * V) + state]!;
  }
  absorbShortRuns(path, logPosteriors, gated, minRunFrames);
  return path;
}

function absorbShortRuns(path: Int32Array, logPosteriors: Float32Array, gated: Uint8Array, minRun: number): void {
  for (let pass = 0; pass < 3; pass++) {
    let changed = false;
    let start = 0;
    while (start < path.length) {
      let end = start;
      while (end < path.length && path[end] === path[start]) end++;
      const gatedSilence = path[start] === 0 && gated[start] === 1;
      if (end - start < minRun && !gatedSilence && (start > 0 || end < path.length)) {
        const left = start > 0 ? path[start - 1]! : -1;
        const right = end < path.length ? path[end]! : -1;
        const target = left < 0 ? right : right < 0 ? left : runScore(logPosteriors, start, end, left) >= runScore(logPosteriors, start, end, right) ? left : right;
        path.fill(target, start, end);
        changed = true;
      }
      start = end;
    }
    if (!changed) break;
  }
}

function runScore(logPosteriors: Float32Array, start: number, end: number, viseme: number): number {
  let sum = 0;
  for (let t = start; t < end; t++) sum = Math.fround(sum + logPosteriors[(t * V) + viseme]!);
  return sum;
}

/** `Timelines.FramesToTimeline`: one cue per change of viseme. */
export function framesToTimeline(frames: Int32Array, durationMs: number, frameMs: number = decoding.frameMs): VisemeTimeline {
  const cues: VisemeCue[] = [];
  let speech = 0;
  let previous = -1;
  frames.forEach((v, i) => {
    if (v !== 0) speech++;
    if (v !== previous) {
      cues.push({ t: i * frameMs, v });
      previous = v;
    }
  });
  if (cues.length === 0) cues.push({ t: 0, v: 0 });
  return { version: 1, durationMs, speechMs: Math.min(durationMs, speech * frameMs), frameMs, cues };
}
