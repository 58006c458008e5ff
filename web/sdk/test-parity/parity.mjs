// The on-device engine (dist/lipsync.js) against the server engine's numbers, written by
// tests/integration/Hosting/OnDeviceParityTests.cs into <dir>: per clip its PCM (<name>.pcm.f32), the
// server's normalised features (<name>.features.f32) and frame visemes (manifest.json). The engine is
// licensed by a real session with LocalHost (LIPSYNC_ENDPOINT, LIPSYNC_DEV_KEY), as in a page.
// Prints one JSON line of figures; exits 1 when a clip misses parity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { LicenseSession, OnDeviceEngine, extractFeatures, normalizeFeatures } from '../dist/lipsync.js';
import { framesOf } from '../bench/common.mjs';

const dir = process.argv[2];
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const f32 = (file) => { const b = readFileSync(join(dir, file)); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };

const session = new LicenseSession({ endpoint: process.env.LIPSYNC_ENDPOINT, key: process.env.LIPSYNC_DEV_KEY });
await session.init();
const engine = await OnDeviceEngine.create({ session, model: readFileSync(process.env.LIPSYNC_MODEL), runtime: ort });

const clips = [];
let ok = true;
for (const clip of manifest) {
  const pcm = f32(`${clip.name}.pcm.f32`);
  const features = extractFeatures(pcm, clip.sampleRate);
  normalizeFeatures(features);
  const server = f32(`${clip.name}.features.f32`);
  let maxFeatureDiff = features.frames === clip.frames ? 0 : Infinity;
  for (let i = 0; i < Math.min(server.length, features.values.length); i++) maxFeatureDiff = Math.max(maxFeatureDiff, Math.abs(server[i] - features.values[i]));

  // The test edge's sessions live 3 s and inference holds Node's event loop, so the background refresh
  // may not have run between clips: refresh first, as a page's idle event loop would have.
  await session.refresh();
  const started = performance.now();
  const result = await engine.processAudio(pcm, { sampleRate: clip.sampleRate });
  const ms = performance.now() - started;
  const frames = framesOf(result.timeline.cues, clip.visemes.length);
  const agree = frames.filter((v, i) => v === clip.visemes[i]).length;
  const figures = {
    name: clip.name, sampleRate: clip.sampleRate, frames: clip.frames, maxFeatureDiff,
    frameAgreement: agree / clip.visemes.length, durationMs: result.durationMs, serverDurationMs: clip.durationMs,
    processMs: Math.round(ms), realTime: Math.round(result.durationMs / ms),
  };
  if (!(maxFeatureDiff <= 1e-4 && figures.frameAgreement >= 0.99 && result.durationMs === clip.durationMs)) ok = false;
  clips.push(figures);
  console.log(`${clip.name}: ${clip.sampleRate} Hz, ${clip.frames} frames, max feature diff ${maxFeatureDiff.toExponential(2)}, frames agreeing ${(100 * figures.frameAgreement).toFixed(2)} %, ${figures.realTime}x real time`);
}
await engine.close();
session.close();
console.log(JSON.stringify({ clips }));
process.exit(ok ? 0 : 1);
