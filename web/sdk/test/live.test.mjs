import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '../dist/lipsync.js';

// A stand-in for the model (every frame equally likely): these tests look at normalisation, not visemes.
const V = 22;
const infer = async (_features, length) => new Float32Array(length * V).fill(Math.log(1 / V));
const tone = (rate, seconds, amplitude) => Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * 220 * i) / rate));
const stream = (options, warm) => new sdk.LiveStream(infer, () => {}, { sampleRate: 16000, ...options }, () => {}, warm);

test('a cold stream starts from the built-in prior and its statistics then follow what it hears', async () => {
  const live = stream({});
  const before = live.statistics;
  assert.equal(before.frames, 50);

  await live.push(tone(16000, 2, 0.5));

  const after = live.statistics;
  assert.ok(after.frames > 200 && after.frames < 250, `${after.frames} frames: 2 s heard, the prior fading`);
  assert.ok(after.mean.some((m, b) => Math.abs(m - before.mean[b]) > 1), 'the tone moved the band means');
});

test('a warm start begins from the statistics it is given, counted as warmFrames at most', () => {
  const warm = { mean: new Float64Array(40).fill(-3), meanSquare: new Float64Array(40).fill(10), frames: 5000 };

  const capped = stream({}, warm).statistics;
  assert.equal(capped.frames, 1000);
  assert.equal(capped.mean[7], -3);
  assert.equal(capped.meanSquare[7], 10);
  assert.equal(stream({ warmFrames: 200 }, warm).statistics.frames, 200);
  assert.equal(stream({}, { ...warm, frames: 120 }).statistics.frames, 120);
});

test('a long stream forgets at its horizon, so a new voice takes over', async () => {
  const warm = { mean: new Float64Array(40).fill(-20), meanSquare: new Float64Array(40).fill(400), frames: 100 };
  const live = stream({ warmFrames: 100 }, warm);

  await live.push(tone(16000, 8, 0.5));

  const { frames, mean } = live.statistics;
  assert.ok(frames > 99 && frames <= 100, `${frames}`);
  // 800 frames at a 100-frame horizon: the old voice's -20 keeps e^-8 of its weight.
  const heard = stream({ warmFrames: 100 });
  await heard.push(tone(16000, 8, 0.5));
  assert.ok(Math.abs(mean[10] - heard.statistics.mean[10]) < 0.05, `${mean[10]} vs ${heard.statistics.mean[10]}`);
});
