import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '../dist/lipsync.js';

const timeline = sdk.parseTimeline({ version: 1, durationMs: 1000, speechMs: 600, frameMs: 10, cues: [{ t: 0, v: 0 }, { t: 200, v: 21 }, { t: 500, v: 2 }] });

test('poseAt snaps without smoothing and leans into the next shape within the window with it', () => {
  assert.deepEqual(sdk.poseAt(timeline, 190, 0), { viseme: 0, next: 0, blend: 0, timeMs: 190 });
  assert.deepEqual(sdk.poseAt(timeline, 100, 60), { viseme: 0, next: 0, blend: 0, timeMs: 100 });
  const halfway = sdk.poseAt(timeline, 170, 60);
  assert.equal(halfway.viseme, 0);
  assert.equal(halfway.next, 21);
  assert.ok(Math.abs(halfway.blend - 0.5) < 1e-9);
  assert.deepEqual(sdk.poseAt(timeline, 200, 60), { viseme: 21, next: 21, blend: 0, timeMs: 200 });
  assert.equal(sdk.poseAt(timeline, 1000, 60).viseme, 0);
});

// A media element stand-in whose clock the test moves, and animation frames the test runs by hand.
function fakeMedia() {
  const listeners = new Map();
  return {
    currentTime: 0,
    paused: true,
    addEventListener(type, fn) { listeners.set(type, [...(listeners.get(type) ?? []), fn]); },
    removeEventListener(type, fn) { listeners.set(type, (listeners.get(type) ?? []).filter((f) => f !== fn)); },
    fire(type) { for (const fn of listeners.get(type) ?? []) fn(); },
    count(type) { return (listeners.get(type) ?? []).length; },
  };
}

test('the player follows the media clock frame by frame while it plays, and stops with it', () => {
  const media = fakeMedia();
  const frames = [];
  const poses = [];
  const cancelled = [];
  const player = new sdk.TimelinePlayer(media, timeline, (p) => poses.push(p), {
    smoothingMs: 0, requestFrame: (cb) => frames.push(cb), cancelFrame: (h) => cancelled.push(h),
  });
  assert.equal(poses.length, 1); // drawn once at creation, paused at 0
  media.paused = false;
  media.fire('play');
  for (const t of [0.1, 0.25, 0.6]) {
    media.currentTime = t;
    frames.shift()();
  }

  assert.deepEqual(poses.slice(1).map((p) => p.viseme), [0, 21, 2]);

  // A seek while playing: drawn at once, and the loop goes on (no 'play' event follows a seek).
  media.currentTime = 0.1;
  media.fire('seeked');
  assert.equal(poses.at(-1).viseme, 0);
  assert.ok(cancelled.length >= 1);
  media.currentTime = 0.3;
  frames.at(-1)();
  assert.equal(poses.at(-1).viseme, 21);

  media.paused = true;
  media.currentTime = 0.3;
  media.fire('pause');
  assert.equal(poses.at(-1).viseme, 21);
  player.close();
  assert.equal(media.count('play') + media.count('pause') + media.count('seeked') + media.count('ended'), 0);
});
