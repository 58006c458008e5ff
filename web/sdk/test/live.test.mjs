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

test('a cold start has a variance in every band (mean squares include the squared means)', () => {
  const { mean, meanSquare } = stream({}).statistics;
  for (let b = 0; b < 40; b++) assert.ok(meanSquare[b] - (mean[b] * mean[b]) > 0, `band ${b}`);
});

test('the model sees features normalised by the running statistics: mean near 0, spread near 1', async () => {
  // Noise from a fixed generator, long enough for the 100-frame horizon to settle.
  let seed = 12345;
  const noise = Float32Array.from({ length: 16000 * 6 }, () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return ((seed / 2 ** 32) - 0.5) * 0.4; });
  let last;
  const live = new sdk.LiveStream(async (features, length) => { last = { features: features.slice(), length }; return new Float32Array(length * V); }, () => {}, { sampleRate: 16000, warmFrames: 100 });

  await live.push(noise);

  const { features, length } = last;
  let mean = 0, square = 0;
  for (const x of features) { mean += x; square += x * x; }
  mean /= features.length;
  const spread = Math.sqrt((square / features.length) - (mean * mean));
  assert.ok(length >= 60, `${length} frames in the last block`);
  assert.ok(Math.abs(mean) < 0.2, `mean ${mean}`);
  assert.ok(spread > 0.7 && spread < 1.3, `spread ${spread}`);
});

test('bad horizons are refused before they can poison later streams', () => {
  for (const options of [{ warmFrames: 0 }, { warmFrames: -5 }, { warmFrames: Number.NaN }, { priorFrames: -1 }, { lookAheadFrames: Infinity }]) {
    assert.throws(() => stream(options), (e) => e.code === 'invalid_request', JSON.stringify(options));
  }
});

test('an engine remembers the last stream that heard a voice, not one that heard silence', async () => {
  const memory = new sdk.VoiceMemory();
  assert.equal(memory.startFor({ sampleRate: 16000 }), undefined, 'nothing heard yet: cold');

  const voiced = stream({});
  await voiced.push(tone(16000, 2, 0.5));
  memory.remember(voiced);
  assert.deepEqual(memory.startFor({ sampleRate: 16000 }), voiced.statistics);

  const quiet = stream({});
  await quiet.push(new Float32Array(16000 * 3));
  memory.remember(quiet);
  assert.deepEqual(memory.last, voiced.statistics, '3 s of silence left the memory as it was');

  assert.equal(memory.startFor({ sampleRate: 16000, warmStart: false }), undefined);
  const own = { mean: new Float64Array(40).fill(-4), meanSquare: new Float64Array(40).fill(20), frames: 300 };
  assert.equal(memory.startFor({ sampleRate: 16000, warmStart: own }), own);
  assert.throws(() => memory.startFor({ sampleRate: 16000, warmStart: { ...own, frames: 0 } }), (e) => e.code === 'invalid_request');
  memory.forget();
  assert.equal(memory.last, undefined);
});
