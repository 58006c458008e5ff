// Figures of the on-device engine in Node (ONNX Runtime Web on WASM, one thread), licensed by a real
// session: offline speed, and for live streams at several look-aheads the share of 10 ms frames equal
// to the offline timeline, CPU as a share of one core, and sound-to-cue latency when fed in real time.
//   source .local/run.env && node web/sdk/bench/on-device.mjs samples/audio/hello.wav [more 16-bit WAVs]
import { framesOf, licensedEngine, readWav } from './common.mjs';

const { session, engine } = await licensedEngine();

const clips = process.argv.slice(2).map((path) => ({ path, ...readWav(path) }));
if (clips.length === 0) throw new Error('name at least one 16-bit PCM WAV');

// Offline speed: the clips back to back, once to warm up, then timed.
let offlineMs = 0;
let audioMs = 0;
for (const clip of clips) {
  await engine.processAudio(clip.samples, { sampleRate: clip.rate });
  const t0 = performance.now();
  clip.offline = (await engine.processAudio(clip.samples, { sampleRate: clip.rate })).timeline;
  offlineMs += performance.now() - t0;
  audioMs += clip.offline.durationMs;
}
console.log(`offline: ${(audioMs / 1000).toFixed(1)} s of audio in ${offlineMs.toFixed(0)} ms, ${(audioMs / offlineMs).toFixed(0)}x real time`);

for (const lookAheadFrames of [8, 12, 16, 24, 32]) {
  let agree = 0;
  let total = 0;
  let cpu = 0;
  let fed = 0;
  for (const clip of clips) {
    const n = Math.ceil(clip.offline.durationMs / 10);
    const live = engine.stream({ sampleRate: clip.rate, lookAheadFrames, warmStart: false }); // each run cold: the look-aheads compare alike
    const cues = [];
    live.addEventListener('cue', (e) => cues.push(e.detail));
    const chunk = Math.round(clip.rate / 50);
    const t0 = performance.now();
    for (let i = 0; i < clip.samples.length; i += chunk) await live.push(clip.samples.subarray(i, i + chunk));
    await live.finish(); // the tail is decided without look-ahead, as offline
    cpu += performance.now() - t0;
    fed += clip.samples.length / clip.rate * 1000;
    const offline = framesOf(clip.offline.cues, n);
    agree += framesOf(cues, n).filter((v, i) => v === offline[i]).length;
    total += n;
  }
  console.log(`live, look-ahead ${lookAheadFrames * 10} ms: ${(100 * agree / total).toFixed(1)} % of frames as offline, ${(100 * cpu / fed).toFixed(1)} % of one core`);
}

// Latency: the first clip fed in real time (20 ms chunks when they would arrive from a microphone);
// a cue's latency is when it was emitted minus when its sound had arrived.
const clip = clips[0];
const live = engine.stream({ sampleRate: clip.rate });
const latencies = [];
let start = 0;
live.addEventListener('cue', (e) => latencies.push(e.detail.emittedAt - (start + e.detail.t)));
start = performance.now();
const chunk = Math.round(clip.rate / 50);
for (let i = 0, k = 0; i < clip.samples.length; i += chunk, k++) {
  const due = start + (20 * (k + 1)) - performance.now();
  if (due > 0) await new Promise((r) => setTimeout(r, due));
  await live.push(clip.samples.subarray(i, i + chunk));
}
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(0);
console.log(`live latency (defaults: look-ahead 140 ms, decoder lag 20 ms), ${latencies.length} cues: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${latencies.at(-1).toFixed(0)} ms`);
await engine.close();
session.close();
