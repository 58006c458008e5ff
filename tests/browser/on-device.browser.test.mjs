// The on-device engine (OnDeviceEngine in @lipsync/web) in Chromium, on a page of another origin: the
// server's timeline computed in the page at three sample rates, its speed, and the license gate
// (a tampered license loads nothing; a key disabled mid-use stops it).
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { backend, env, launch, lipsync, open, repo, run, serveSdkPage } from './harness.mjs';

const html = `<!doctype html><meta charset="utf-8"><title>on-device page</title>
<script type="module">
import * as lipsync from './lipsync.js';
window.lipsync = lipsync;
// 16-bit PCM WAV → mono Float32 samples and rate (what an app would get from its own audio path).
window.readWav = async (url) => {
  const view = new DataView(await (await fetch(url)).arrayBuffer());
  let offset = 12, channels = 1, rate = 0;
  while (offset + 8 <= view.byteLength) {
    const id = String.fromCharCode(...new Uint8Array(view.buffer, offset, 4));
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ') { channels = view.getUint16(offset + 10, true); rate = view.getUint32(offset + 12, true); }
    if (id === 'data') {
      const frames = Math.floor(Math.min(size, view.byteLength - offset - 8) / (2 * channels));
      const samples = new Float32Array(frames);
      for (let f = 0; f < frames; f++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += view.getInt16(offset + 8 + ((f * channels) + c) * 2, true) / 32768;
        samples[f] = sum / channels;
      }
      return { samples, rate };
    }
    offset += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
};
document.title = 'ready';
</script>`;

const sample = join(repo, 'samples', 'audio', 'hello.wav');
const rates = [16000, 44100, 24000];
let browser;
let site;
const clips = {};

before(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lipsync-on-device-'));
  const extra = {};
  for (const rate of rates) {
    const file = rate === 16000 ? sample : join(dir, `hello-${rate}.wav`);
    if (rate !== 16000) await run('sox', sample, '-r', String(rate), '-b', '16', file);
    extra[`/clips/hello-${rate}.wav`] = file;
    // The server's timeline for the same file, as the reference.
    const response = await fetch(`${backend()}/api/v1/timelines`, { method: 'POST', headers: { Authorization: `Bearer ${env('LIPSYNC_DEV_KEY')}`, 'Content-Type': 'audio/wav' }, body: await readFile(file) });
    assert.equal(response.status, 200);
    clips[rate] = await response.json();
  }
  browser = await launch();
  site = await serveSdkPage(html, extra);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function page() {
  const opened = await open(browser);
  await opened.page.goto(`${site.origin}/`);
  await opened.page.waitForFunction(() => document.title === 'ready');
  return opened;
}

const framesOf = (timeline) => {
  const frames = new Array(Math.ceil(timeline.durationMs / timeline.frameMs)).fill(0);
  timeline.cues.forEach((cue, i) => frames.fill(cue.v, cue.t / timeline.frameMs, (timeline.cues[i + 1]?.t ?? timeline.durationMs) / timeline.frameMs));
  return frames;
};

test('processAudio in the page gives the server\'s timeline at 16, 44.1 and 24 kHz, and runs many times faster than real time', async (t) => {
  const { page: p, context, problems } = await page();
  const result = await p.evaluate(async ({ endpoint, key, rates }) => {
    const { LicenseSession, OnDeviceEngine } = window.lipsync;
    const session = new LicenseSession({ endpoint, key });
    await session.init();
    const loadStarted = performance.now();
    const engine = await OnDeviceEngine.create({ session }); // the model from the edge's /api/v1/models/viseme
    const loadMs = performance.now() - loadStarted;
    const out = { loadMs, clips: {} };
    for (const rate of rates) {
      const { samples, rate: read } = await window.readWav(`/clips/hello-${rate}.wav`);
      out.clips[rate] = (await engine.processAudio(samples, { sampleRate: read })).timeline;
    }
    // 60 s of speech: the sample twelve times over, once to warm up and then timed.
    const { samples } = await window.readWav('/clips/hello-16000.wav');
    const minute = new Float32Array(samples.length * 12);
    for (let i = 0; i < 12; i++) minute.set(samples, i * samples.length);
    await engine.processAudio(minute, { sampleRate: 16000 });
    const started = performance.now();
    const long = await engine.processAudio(minute, { sampleRate: 16000 });
    out.minuteMs = performance.now() - started;
    out.minuteAudioMs = long.durationMs;
    await engine.close();
    session.close();
    return out;
  }, { endpoint: backend(), key: env('LIPSYNC_DEV_KEY'), rates });

  for (const rate of rates) {
    const server = framesOf(clips[rate]);
    const device = framesOf(result.clips[rate]);
    assert.equal(result.clips[rate].durationMs, clips[rate].durationMs, `${rate} Hz: same duration`);
    const agreement = device.filter((v, i) => v === server[i]).length / server.length;
    t.diagnostic(`${rate} Hz: ${(100 * agreement).toFixed(2)} % of frames as the server`);
    assert.ok(agreement >= 0.99, `${rate} Hz: ${(100 * agreement).toFixed(2)} % of frames agree with the server`);
  }
  const speed = result.minuteAudioMs / result.minuteMs;
  t.diagnostic(`model + runtime load ${Math.round(result.loadMs)} ms; 60 s of speech in ${Math.round(result.minuteMs)} ms: ${speed.toFixed(0)}x real time, one thread`);
  assert.ok(Math.abs(result.minuteAudioMs - (12 * 80435 / 16)) <= 1, `the minute clip lasts ${result.minuteAudioMs} ms`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a tampered license never starts the engine: nothing is loaded', async () => {
  const { page: p, context } = await page();
  const fetched = [];
  p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const error = await p.evaluate(async ({ endpoint, key }) => {
    const { LicenseSession, OnDeviceEngine } = window.lipsync;
    // A real session whose license reaches the engine with one character of its claims flipped: the
    // signature no longer matches.
    class Tampered extends LicenseSession {
      get license() {
        const license = super.license;
        if (!license) return license;
        const [h, c, s] = license.license.split('.');
        const i = Math.floor(c.length / 2);
        return { ...license, license: `${h}.${c.slice(0, i)}${c[i] === 'A' ? 'B' : 'A'}${c.slice(i + 1)}.${s}` };
      }
    }
    const session = new Tampered({ endpoint, key });
    await session.init();
    try {
      await OnDeviceEngine.create({ session });
      return null;
    } catch (e) {
      return { code: e.code, name: e.name, message: e.message, status: session.status };
    } finally {
      session.close();
    }
  }, { endpoint: backend(), key: env('LIPSYNC_DEV_KEY') });
  assert.equal(error?.code, 'license_invalid', JSON.stringify(error));
  assert.equal(error.name, 'RefusedError');
  assert.equal(error.status, 'ready', 'the session itself is fine: only the license the engine saw was altered');
  const loaded = fetched.filter((path) => path.startsWith('/api/v1/models/') || path.startsWith('/ort/'));
  assert.deepEqual(loaded, [], 'neither the model nor the runtime was fetched');
  assert.ok(fetched.includes('/api/v1/license/jwks'), 'the license was checked against the edge\'s JWKS');
  await context.close();
});

test('a key disabled while the engine is loaded stops it with key_disabled at the next refresh', async () => {
  const created = JSON.parse(await lipsync('keys', 'create', '--account', env('LIPSYNC_ACCOUNT'), '--type', 'dev', '--json'));
  const { page: p, context } = await page();
  await p.evaluate(async ({ endpoint, key }) => {
    const { LicenseSession, OnDeviceEngine } = window.lipsync;
    window.session = new LicenseSession({ endpoint, key });
    await window.session.init();
    window.engine = await OnDeviceEngine.create({ session: window.session });
    window.clip = (await window.readWav('/clips/hello-16000.wav')).samples;
    await window.engine.processAudio(window.clip, { sampleRate: 16000 }); // works while licensed
  }, { endpoint: backend(), key: created.key });

  await lipsync('keys', 'disable', created.keyId);
  const outcome = await p.evaluate(async () => {
    for (let i = 0; i < 50 && window.session.status !== 'refused'; i++) {
      await window.session.refresh().catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
    }
    try {
      await window.engine.processAudio(window.clip, { sampleRate: 16000 });
      return { status: window.session.status };
    } catch (e) {
      return { status: window.session.status, code: e.code, name: e.name };
    }
  });
  assert.equal(outcome.status, 'refused');
  assert.equal(outcome.code, 'key_disabled');
  assert.equal(outcome.name, 'RefusedError');
  await context.close();
});

test('a live stream at 24 kHz emits cues, and a key disabled during it stops it with key_disabled', async () => {
  const created = JSON.parse(await lipsync('keys', 'create', '--account', env('LIPSYNC_ACCOUNT'), '--type', 'dev', '--json'));
  const { page: p, context } = await page();
  const cues = await p.evaluate(async ({ endpoint, key }) => {
    const { LicenseSession, OnDeviceEngine } = window.lipsync;
    window.session = new LicenseSession({ endpoint, key });
    await window.session.init();
    const engine = await OnDeviceEngine.create({ session: window.session });
    const { samples } = await window.readWav('/clips/hello-24000.wav'); // a voice agent's 24 kHz
    window.samples = samples;
    window.live = engine.stream({ sampleRate: 24000 });
    window.cues = [];
    window.errors = [];
    window.live.addEventListener('cue', (e) => window.cues.push(e.detail));
    window.live.addEventListener('error', (e) => window.errors.push(e.detail.error.code));
    for (let i = 0; i < samples.length / 2; i += 480) await window.live.push(samples.subarray(i, i + 480));
    return window.cues.length;
  }, { endpoint: backend(), key: created.key });
  assert.ok(cues > 5, `cues came while licensed: ${cues}`);

  await lipsync('keys', 'disable', created.keyId);
  const outcome = await p.evaluate(async () => {
    for (let i = 0; i < 50 && window.session.status !== 'refused'; i++) {
      await window.session.refresh().catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
    }
    const before = window.cues.length;
    let pushed;
    try {
      await window.live.push(window.samples.subarray(60000, 60480));
      pushed = 'accepted';
    } catch (e) {
      pushed = e.code;
    }
    return { status: window.session.status, errors: window.errors, pushed, stopped: window.live.stopped?.code, cuesAfter: window.cues.length - before };
  });
  assert.equal(outcome.status, 'refused');
  assert.deepEqual(outcome.errors, ['key_disabled']);
  assert.equal(outcome.pushed, 'key_disabled');
  assert.equal(outcome.stopped, 'key_disabled');
  assert.equal(outcome.cuesAfter, 0);
  await context.close();
});

test('live in Chromium, fed in real time as a microphone would: sound-to-cue latency and CPU', async (t) => {
  const { page: p, context, problems } = await page();
  const result = await p.evaluate(async ({ endpoint, key }) => {
    const { LicenseSession, OnDeviceEngine } = window.lipsync;
    const session = new LicenseSession({ endpoint, key });
    await session.init();
    const engine = await OnDeviceEngine.create({ session });
    const { samples, rate } = await window.readWav('/clips/hello-16000.wav');
    const live = engine.stream({ sampleRate: rate });
    const latencies = [];
    let start = 0;
    live.addEventListener('cue', (e) => latencies.push(e.detail.emittedAt - (start + e.detail.t)));
    // 20 ms chunks, each pushed when its last sample would have left a microphone.
    const chunk = rate / 50;
    let busy = 0;
    start = performance.now();
    for (let i = 0, k = 0; i < samples.length; i += chunk, k++) {
      const due = start + (20 * (k + 1)) - performance.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      const t0 = performance.now();
      await live.push(samples.subarray(i, i + chunk));
      busy += performance.now() - t0;
    }
    const audioMs = (samples.length / rate) * 1000;
    await engine.close();
    session.close();
    latencies.sort((a, b) => a - b);
    return { latencies, busyShare: busy / audioMs };
  }, { endpoint: backend(), key: env('LIPSYNC_DEV_KEY') });
  const { latencies } = result;
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  t.diagnostic(`live in Chromium: ${latencies.length} cues, sound-to-cue p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${Math.round(latencies.at(-1))} ms; main thread busy ${(100 * result.busyShare).toFixed(1)} % of the audio's duration`);
  assert.ok(latencies.length >= 30, `cues came while the audio was fed: ${latencies.length}`);
  assert.ok(latencies[0] >= 140, 'no cue is emitted before its look-ahead has arrived');
  assert.deepEqual(problems, []);
  await context.close();
});
