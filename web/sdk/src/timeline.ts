import { createError, type LipsyncError } from './errors.js';
import type { VisemeCue, VisemeTimeline } from './generated/wire.js';

/** One cue (`VisemeCue`): from `t` ms on, viseme `v` (0..21, the Azure viseme ids). A timeline (`VisemeTimeline` v1) as the engine writes it. Both are the OpenAPI document's schemas. */
export type { VisemeCue, VisemeTimeline };

/** The limits of the .NET reader (`TimelineLimits`). */
export const timelineLimits = { maxJsonBytes: 32 * 1024 * 1024, maxCues: 1_500_000, maxFrameMs: 1000, maxVisemeId: 21 } as const;

const fields = ['version', 'durationMs', 'speechMs', 'frameMs', 'cues'] as const;

/**
 * Reads a timeline with the rules of the .NET `TimelineParser` (the trust boundary for stored or
 * received timelines): well-formed JSON, no repeated or unknown property, every field present and an
 * integer, `frameMs` in 1..1000, `0 <= speechMs <= durationMs`, cues starting at 0, strictly increasing,
 * on frame boundaries, before `durationMs`, valid viseme ids, and no cue repeating the previous viseme.
 * Throws a `LipsyncError` with code `bad_timeline` naming the first violation.
 */
export function parseTimeline(input: string | object): VisemeTimeline {
  let value: unknown = input;
  if (typeof input === 'string') {
    // The size counts a byte-order mark, as the .NET reader's does.
    if (input.length > timelineLimits.maxJsonBytes || new TextEncoder().encode(input).length > timelineLimits.maxJsonBytes) {
      throw bad(`the document is larger than ${timelineLimits.maxJsonBytes} bytes.`);
    }

    const text = input.startsWith('\uFEFF') ? input.slice(1) : input;

    checkTokens(text);
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw bad(`the document is not well-formed JSON (${(e as Error).message}).`);
    }
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad(`the root must be a JSON object, not ${describe(value)}.`);
  }

  const raw = value as Record<string, unknown>;
  if (!('version' in raw)) throw bad("property 'version' is missing.");
  const version = integer(raw['version'], 'version');
  if (version !== 1) throw bad(`version ${version} is not supported; this reader accepts version 1 only.`);
  const unknown = Object.keys(raw).find((k) => !(fields as readonly string[]).includes(k));
  if (unknown !== undefined) throw bad(`unknown property '${unknown}'; version 1 has only version, durationMs, speechMs, frameMs and cues.`);
  const missing = fields.find((f) => !(f in raw));
  if (missing !== undefined) throw bad(`property '${missing}' is missing.`);

  const durationMs = integer(raw['durationMs'], 'durationMs');
  const speechMs = integer(raw['speechMs'], 'speechMs');
  const frameMs = integer(raw['frameMs'], 'frameMs');
  const cues = readCues(raw['cues']);
  if (frameMs <= 0) throw bad(`frameMs must be positive, got ${frameMs}.`);
  if (frameMs > timelineLimits.maxFrameMs) throw bad(`frameMs must be at most ${timelineLimits.maxFrameMs}, got ${frameMs}.`);
  if (durationMs < 0) throw bad(`durationMs must not be negative, got ${durationMs}.`);
  if (speechMs < 0 || speechMs > durationMs) throw bad(`speechMs must be between 0 and durationMs (${durationMs}), got ${speechMs}.`);
  if (cues.length === 0 || cues[0]!.t !== 0) throw bad('the first cue must start at t = 0.');

  for (let i = 0; i < cues.length; i++) {
    const cue = cues[i]!;
    if (cue.v < 0 || cue.v > timelineLimits.maxVisemeId) throw bad(`cues[${i}].v = ${cue.v} is not a viseme id (0..${timelineLimits.maxVisemeId}).`);
    if (i === 0) continue;
    const previous = cues[i - 1]!;
    if (cue.t <= previous.t) throw bad(`cue offsets must be strictly increasing: cues[${i}].t = ${cue.t} follows ${previous.t}.`);
    if (cue.t % frameMs !== 0) throw bad(`cues[${i}].t = ${cue.t} is not a multiple of frameMs (${frameMs}).`);
    if (cue.t >= durationMs) throw bad(`cues[${i}].t = ${cue.t} is not before durationMs (${durationMs}).`);
    if (cue.v === previous.v) throw bad(`cues[${i}] repeats viseme ${cue.v}; a cue appears only when the viseme changes.`);
  }

  return { version: 1, durationMs, speechMs, frameMs, cues };
}

/** The viseme showing at `ms` (the last cue at or before it; 0, silence, outside the timeline). */
export function visemeAt(timeline: VisemeTimeline, ms: number): number {
  if (!(ms >= 0) || ms >= timeline.durationMs) return 0;
  const cues = timeline.cues;
  let lo = 0;
  let hi = cues.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cues[mid]!.t <= ms) lo = mid;
    else hi = mid - 1;
  }

  return cues[lo]?.v ?? 0;
}

function readCues(value: unknown): VisemeCue[] {
  if (!Array.isArray(value)) throw bad(`'cues' must be an array, not ${describe(value)}.`);
  if (value.length > timelineLimits.maxCues) throw bad(`there are more than ${timelineLimits.maxCues} cues.`);
  const cues: VisemeCue[] = [];
  for (let i = 0; i < value.length; i++) {
    const cue: unknown = value[i]; // a hole in a sparse array reads as undefined, refused below
    if (typeof cue !== 'object' || cue === null || Array.isArray(cue)) throw bad(`cues[${i}] must be an object, not ${describe(cue)}.`);
    const c = cue as Record<string, unknown>;
    const extra = Object.keys(c).find((k) => k !== 't' && k !== 'v');
    if (extra !== undefined) throw bad(`cues[${i}] has unknown property '${extra}'; cues have only 't' and 'v'.`);
    if (!('t' in c) || !('v' in c)) throw bad(`cues[${i}] is missing '${'t' in c ? 'v' : 't'}'.`);
    cues.push({ t: integer(c['t'], `cues[${i}].t`), v: integer(c['v'], `cues[${i}].v`) });
  }

  return cues;
}

function integer(value: unknown, name: string): number {
  if (typeof value !== 'number') throw bad(`'${name}' must be an integer, not ${describe(value)}.`);
  if (!Number.isInteger(value)) throw bad(`'${name}' must be a whole number, got ${value}.`);
  if (value < -2147483648 || value > 2147483647) throw bad(`'${name}' is outside the 32-bit integer range.`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return value ? 'true' : 'false';
    case 'object': return 'an object';
    default: return typeof value;
  }
}

// What JSON.parse hides but the .NET reader refuses: a property repeated in one object (JSON.parse keeps
// the last), a number written with a fraction or exponent where an integer belongs ("1.0"), and nesting
// deeper than a timeline has (4). One linear pass over the text; strings are skipped, not decoded,
// except object keys.
function checkTokens(text: string): void {
  const keys: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const scope = keys[keys.length - 1];
      if (expectKey && scope) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return; // malformed: JSON.parse reports it
        }

        if (scope.has(key)) throw bad(`property '${key}' appears more than once.`);
        scope.add(key);
        expectKey = false;
      }

      i = end;
    } else if (c === '{') {
      keys.push(new Set());
      if (keys.length > 4) throw bad('the document is nested deeper than a timeline (4 levels).');
      expectKey = true;
    } else if (c === '[') {
      keys.push(null);
      if (keys.length > 4) throw bad('the document is nested deeper than a timeline (4 levels).');
      expectKey = false;
    } else if (c === '}' || c === ']') {
      keys.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = keys[keys.length - 1] !== null && keys.length > 0;
    } else if ((c >= '0' && c <= '9') || c === '-') {
      let end = i;
      while (end + 1 < text.length && /[0-9eE.+-]/.test(text[end + 1]!)) end++;
      if (/[.eE]/.test(text.slice(i, end + 1))) throw bad(`a number must be a whole number, got ${text.slice(i, end + 1)}.`);
      i = end;
    }
  }
}

function bad(reason: string): LipsyncError {
  return createError('bad_timeline', `Invalid viseme timeline: ${reason}`);
}
