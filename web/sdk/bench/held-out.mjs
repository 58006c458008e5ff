// The on-device engine on tools/train's held-out voices (the report set: utterances 0-24 of flite rms,
// festival kal and ked, festival Czech ph and krb), offline (processAudio) and live (stream, fed in
// 20 ms chunks), scored against the labels by the trainer's scorer (22-class accuracy, coarse-8).
//   tools/train/evaluate.sh makes the voices (or synthesize.sh as it does); then, with ./run up:
//   source .local/run.env && node web/sdk/bench/held-out.mjs [lookAheadFrames] [priorFrames] [decoderLagFrames] [--tune]
// --tune scores utterances 50-74 instead (the tuning set: choose settings there, report on 0-24).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { LicenseSession, OnDeviceEngine } from '../dist/lipsync.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const speech = join(root, 'tools', 'train', 'work', 'speech');
const out = join(root, 'tools', 'train', 'work', 'on-device');
const trainer = join(root, 'tools', 'train', 'Lipsync.Train', 'bin', 'Release', 'net10.0', 'Lipsync.Train.dll');
const args = process.argv.slice(2).filter((a) => a !== '--tune');
const tune = process.argv.includes('--tune');
const lookAheadFrames = Number(args[0] ?? 12);
const priorFrames = args[1] === undefined ? undefined : Number(args[1]);
const decoderLagFrames = args[2] === undefined ? undefined : Number(args[2]);
const utterances = Array.from({ length: 25 }, (_, i) => (tune ? 50 : 0) + i);
const voices = ['flite_rms', 'festival_kal', 'festival_ked', 'festival_czech_ph', 'festival_czech_krb'];
const endpoint = process.env.LIPSYNC_URL;
if (!endpoint || !process.env.LIPSYNC_DEV_KEY) throw new Error('start ./run and `source .local/run.env` first');
if (!existsSync(trainer)) throw new Error('build the trainer: dotnet build tools/train/Lipsync.Train -c Release');

const session = new LicenseSession({ endpoint, key: process.env.LIPSYNC_DEV_KEY });
await session.init();
const engine = await OnDeviceEngine.create({ session, model: readFileSync(join(root, 'models', 'viseme.onnx')), runtime: ort });

function readWav(path) {
  const b = readFileSync(path);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let o = 12, channels = 1, rate = 0; o + 8 <= v.byteLength;) {
    const id = b.toString('ascii', o, o + 4);
    const size = v.getUint32(o + 4, true);
    if (id === 'fmt ') { channels = v.getUint16(o + 10, true); rate = v.getUint32(o + 12, true); }
    if (id === 'data') {
      const n = Math.floor(Math.min(size, v.byteLength - o - 8) / (2 * channels));
      const samples = new Float32Array(n);
      for (let f = 0; f < n; f++) { let sum = 0; for (let c = 0; c < channels; c++) sum += v.getInt16(o + 8 + (((f * channels) + c) * 2), true) / 32768; samples[f] = sum / channels; }
      return { samples, rate };
    }
    o += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}
const framesOf = (cues, n) => { const f = new Array(n).fill(0); cues.forEach((c, i) => f.fill(c.v, c.t / 10, Math.min(n, (cues[i + 1]?.t ?? n * 10) / 10))); return f; };

const rows = [];
for (const voice of voices) {
  for (const mode of ['offline', 'live']) mkdirSync(join(out, tune ? 'tune' : 'report', mode, voice), { recursive: true });
  for (const i of utterances) {
    const { samples, rate } = readWav(join(speech, voice, `${i}.wav`));
    const offline = (await engine.processAudio(samples, { sampleRate: rate })).timeline;
    const n = Math.ceil(offline.durationMs / 10);
    writeFileSync(join(out, tune ? 'tune' : 'report', 'offline', voice, `${i}.visemes`), framesOf(offline.cues, n).join('\n'));
    const live = engine.stream({ sampleRate: rate, lookAheadFrames, ...(priorFrames === undefined ? {} : { priorFrames }), ...(decoderLagFrames === undefined ? {} : { decoderLagFrames }) });
    const cues = [];
    live.addEventListener('cue', (e) => cues.push(e.detail));
    const chunk = Math.round(rate / 50);
    for (let s = 0; s < samples.length; s += chunk) await live.push(samples.subarray(s, s + chunk));
    await live.finish(); // the tail is decided without look-ahead, as offline
    writeFileSync(join(out, tune ? 'tune' : 'report', 'live', voice, `${i}.visemes`), framesOf(cues, n).join('\n'));
  }
  const score = (mode) => {
    const json = join(out, tune ? 'tune' : 'report', `${mode}-${voice}.json`);
    execFileSync('dotnet', [trainer, 'score', join(speech, voice), join(out, tune ? 'tune' : 'report', mode, voice), `${mode}-${voice}`, '--json', json], { stdio: 'ignore' });
    return JSON.parse(readFileSync(json, 'utf8'));
  };
  const [a, b] = [score('offline'), score('live')];
  rows.push({ voice, offline22: a.accuracy22, live22: b.accuracy22, offlineCoarse: a.coarse8Balanced, liveCoarse: b.coarse8Balanced });
  console.log(`${voice}: 22-class offline ${(100 * a.accuracy22).toFixed(1)} %, live ${(100 * b.accuracy22).toFixed(1)} % (${(100 * (b.accuracy22 - a.accuracy22)).toFixed(1)}); coarse-8 balanced ${(100 * a.coarse8Balanced).toFixed(1)} → ${(100 * b.coarse8Balanced).toFixed(1)}`);
}
const mean = (k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
console.log(`mean over ${rows.length} voices (${tune ? 'tuning set, utterances 50-74' : 'report set, utterances 0-24'}), look-ahead ${lookAheadFrames * 10} ms, prior ${priorFrames ?? 'default'} frames: 22-class offline ${(100 * mean('offline22')).toFixed(1)} %, live ${(100 * mean('live22')).toFixed(1)} % (${(100 * (mean('live22') - mean('offline22'))).toFixed(1)} points)`);
await engine.close();
session.close();
