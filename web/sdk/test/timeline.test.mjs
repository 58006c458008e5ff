import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from '../dist/lipsync.js';

const corpus = new URL('../../../tests/corpus/timelines/', import.meta.url);
const verdicts = JSON.parse(readFileSync(new URL('verdicts.json', corpus), 'utf8'));

test('parseTimeline gives every file of the shared corpus the verdict the .NET parser gives it', () => {
  assert.ok(Object.keys(verdicts).length >= 30);
  for (const [file, expected] of Object.entries(verdicts)) {
    const text = readFileSync(new URL(file, corpus), 'utf8');
    let verdict;
    try {
      sdk.parseTimeline(text);
      verdict = 'valid';
    } catch (e) {
      assert.ok(e instanceof sdk.LipsyncError, `${file}: ${e}`);
      verdict = e.code;
    }

    assert.equal(verdict, expected, file);
  }
});

test('an object is checked by the same rules as a string', () => {
  const timeline = { version: 1, durationMs: 100, speechMs: 50, frameMs: 10, cues: [{ t: 0, v: 0 }, { t: 40, v: 21 }] };
  assert.deepEqual(sdk.parseTimeline(timeline), timeline);
  assert.throws(() => sdk.parseTimeline({ ...timeline, cues: [{ t: 0, v: 0 }, { t: 40, v: 0 }] }), (e) => e.code === 'bad_timeline' && /repeats viseme 0/.test(e.message));
  assert.throws(() => sdk.parseTimeline({ ...timeline, speechMs: 1.5 }), (e) => e.code === 'bad_timeline');
});

test('a sparse cue array is refused as a bad timeline, not a crash', () => {
  const cues = [{ t: 0, v: 0 }];
  cues[2] = { t: 20, v: 1 };
  assert.throws(() => sdk.parseTimeline({ version: 1, durationMs: 100, speechMs: 0, frameMs: 10, cues }), (e) => e.code === 'bad_timeline' && /cues\[1\]/.test(e.message));
});

test('the error names the first violation', () => {
  assert.throws(
    () => sdk.parseTimeline('{"version":1,"durationMs":100,"speechMs":0,"frameMs":10,"cues":[{"t":0,"v":0},{"t":15,"v":1}]}'),
    (e) => e.message === 'Invalid viseme timeline: cues[1].t = 15 is not a multiple of frameMs (10).');
});

test('visemeAt finds the cue showing at a time, and silence outside the timeline', () => {
  const timeline = sdk.parseTimeline({ version: 1, durationMs: 300, speechMs: 200, frameMs: 10, cues: [{ t: 0, v: 0 }, { t: 50, v: 6 }, { t: 120, v: 21 }] });
  assert.equal(sdk.visemeAt(timeline, 0), 0);
  assert.equal(sdk.visemeAt(timeline, 49), 0);
  assert.equal(sdk.visemeAt(timeline, 50), 6);
  assert.equal(sdk.visemeAt(timeline, 119.9), 6);
  assert.equal(sdk.visemeAt(timeline, 120), 21);
  assert.equal(sdk.visemeAt(timeline, 299), 21);
  assert.equal(sdk.visemeAt(timeline, 300), 0);
  assert.equal(sdk.visemeAt(timeline, -1), 0);
});
