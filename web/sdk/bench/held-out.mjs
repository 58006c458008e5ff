// The on-device engine on tools/train's held-out voices (the report set: utterances 0-24 of flite rms,
// festival kal and ked, festival Czech ph and krb), offline (processAudio) and live (stream, fed in
// 20 ms chunks), scored against the labels by the trainer's scorer (22-class accuracy, coarse-8).
//   tools/train/evaluate.sh makes the voices (or synthesize.sh as it does); then, with ./run up:
//   source .local/run.env && node web/sdk/bench/held-out.mjs [lookAheadFrames] [priorFrames] [decoderLagFrames] [--tune]
// --tune scores utterances 50-74 instead (the tuning set: choose settings there, report on 0-24).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { framesOf, licensedEngine, readWav, root } from './common.mjs';

const speech = join(root, 'tools', 'train', 'work', 'speech');
const out = join(root, 'tools', 'train', 'work', 'on-device');
const trainer = join(root, 'tools', 'train', 'Lipsync.Train', 'bin', 'Release', 'net10.0', 'Lipsync.Train.dll');
const args = process.argv.slice(2).filter((a) => a !== '--tune');
const tune = process.argv.includes('--tune');
const lookAheadFrames = args[0] === undefined ? undefined : Number(args[0]);
const priorFrames = args[1] === undefined ? undefined : Number(args[1]);
const decoderLagFrames = args[2] === undefined ? undefined : Number(args[2]);
const utterances = Array.from({ length: 25 }, (_, i) => (tune ? 50 : 0) + i);
const voices = ['flite_rms', 'festival_kal', 'festival_ked', 'festival_czech_ph', 'festival_czech_krb'];
if (!existsSync(trainer)) throw new Error('build the trainer: dotnet build tools/train/Lipsync.Train -c Release');

const { session, engine } = await licensedEngine();


const rows = [];
for (const voice of voices) {
  for (const mode of ['offline', 'live']) mkdirSync(join(out, tune ? 'tune' : 'report', mode, voice), { recursive: true });
  for (const i of utterances) {
    const { samples, rate } = readWav(join(speech, voice, `${i}.wav`));
    const offline = (await engine.processAudio(samples, { sampleRate: rate })).timeline;
    const n = Math.ceil(offline.durationMs / 10);
    writeFileSync(join(out, tune ? 'tune' : 'report', 'offline', voice, `${i}.visemes`), framesOf(offline.cues, n).join('\n'));
    const live = engine.stream({ sampleRate: rate, ...(lookAheadFrames === undefined ? {} : { lookAheadFrames }), ...(priorFrames === undefined ? {} : { priorFrames }), ...(decoderLagFrames === undefined ? {} : { decoderLagFrames }) });
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
console.log(`mean over ${rows.length} voices (${tune ? 'tuning set, utterances 50-74' : 'report set, utterances 0-24'}), look-ahead ${lookAheadFrames === undefined ? 'default' : `${lookAheadFrames * 10} ms`}, prior ${priorFrames ?? 'default'} frames, decoder lag ${decoderLagFrames ?? 'default'}: 22-class offline ${(100 * mean('offline22')).toFixed(1)} %, live ${(100 * mean('live22')).toFixed(1)} % (${(100 * (mean('live22') - mean('offline22'))).toFixed(1)} points)`);
await engine.close();
session.close();
