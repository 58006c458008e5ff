// The on-device engine on tools/train's held-out voices (the report set: utterances 0-24 of flite rms,
// festival kal and ked, festival Czech ph and krb), offline (processAudio) and live (stream, fed in
// 20 ms chunks), scored against the labels by the trainer's scorer (22-class accuracy, coarse-8).
//   tools/train/evaluate.sh makes the voices (or synthesize.sh as it does); then, with ./run up:
//   source .local/run.env && node web/sdk/bench/held-out.mjs [lookAheadFrames] [priorFrames] [decoderLagFrames] [--tune]
// --tune scores utterances 50-74 instead (the tuning set: choose settings there, report on 0-24).
// Each utterance is its own live stream of one engine, so each starts from the previous one's statistics
// (the SDK's warm start; the first utterance of a voice starts from the previous voice's). --cold starts
// every stream from the built-in prior instead (warmStart: false). --conversation feeds each voice's
// utterances into one stream, 200 ms of silence between them. Offline always reads each file on its own.
// An optional fourth number is warmFrames.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { framesOf, licensedEngine, readWav, root } from './common.mjs';

const speech = join(root, 'tools', 'train', 'work', 'speech');
const out = join(root, 'tools', 'train', 'work', 'on-device');
const trainer = join(root, 'tools', 'train', 'Lipsync.Train', 'bin', 'Release', 'net10.0', 'Lipsync.Train.dll');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const tune = process.argv.includes('--tune');
const conversation = process.argv.includes('--conversation');
const cold = process.argv.includes('--cold');
const warmFrames = args[3] === undefined ? undefined : Number(args[3]);
const lookAheadFrames = args[0] === undefined ? undefined : Number(args[0]);
const priorFrames = args[1] === undefined ? undefined : Number(args[1]);
const decoderLagFrames = args[2] === undefined ? undefined : Number(args[2]);
const utterances = Array.from({ length: 25 }, (_, i) => (tune ? 50 : 0) + i);
const voices = ['flite_rms', 'festival_kal', 'festival_ked', 'festival_czech_ph', 'festival_czech_krb'];
if (!existsSync(trainer)) throw new Error('build the trainer: dotnet build tools/train/Lipsync.Train -c Release');

const { session, engine } = await licensedEngine();


const rows = [];
const set = (tune ? 'tune' : 'report') + (conversation ? '-conversation' : cold ? '-cold' : '');
for (const voice of voices) {
  for (const mode of ['offline', 'live']) mkdirSync(join(out, set, mode, voice), { recursive: true });
  const options = { warmStart: !cold, ...(warmFrames === undefined ? {} : { warmFrames }), ...(lookAheadFrames === undefined ? {} : { lookAheadFrames }), ...(priorFrames === undefined ? {} : { priorFrames }), ...(decoderLagFrames === undefined ? {} : { decoderLagFrames }) };
  const clips = utterances.map((i) => ({ i, ...readWav(join(speech, voice, `${i}.wav`)) }));
  for (const clip of clips) {
    const offline = (await engine.processAudio(clip.samples, { sampleRate: clip.rate })).timeline;
    clip.frames = Math.ceil(offline.durationMs / 10);
    writeFileSync(join(out, set, 'offline', voice, `${clip.i}.visemes`), framesOf(offline.cues, clip.frames).join('\n'));
  }
  const liveCues = async (clipsInStream) => {
    const rate = clipsInStream[0].rate;
    const live = engine.stream({ sampleRate: rate, ...options });
    const cues = [];
    live.addEventListener('cue', (e) => cues.push(e.detail));
    const chunk = Math.round(rate / 50);
    const starts = [];
    let at = 0;
    for (const [k, clip] of clipsInStream.entries()) {
      // Between clips: 200 ms of silence, and padding to a whole 10 ms frame so each clip starts on a frame.
      const gap = k === 0 ? 0 : Math.round(rate / 5) + ((rate / 100) - (at % (rate / 100))) % (rate / 100);
      const samples = new Float32Array(gap + clip.samples.length);
      samples.set(clip.samples, gap);
      starts.push((at + gap) / rate * 1000);
      for (let s = 0; s < samples.length; s += chunk) await live.push(samples.subarray(s, s + chunk));
      at += samples.length;
    }
    await live.finish(); // the tail is decided without look-ahead, as offline
    return { cues, starts };
  };
  const streams = conversation ? [clips] : clips.map((c) => [c]);
  for (const group of streams) {
    const { cues, starts } = await liveCues(group);
    const all = framesOf(cues, Math.ceil(((starts.at(-1) ?? 0) / 10) + group.at(-1).frames));
    group.forEach((clip, k) => {
      const first = Math.round(starts[k] / 10);
      writeFileSync(join(out, set, 'live', voice, `${clip.i}.visemes`), all.slice(first, first + clip.frames).join('\n'));
    });
  }
  const score = (mode) => {
    const json = join(out, set, `${mode}-${voice}.json`);
    execFileSync('dotnet', [trainer, 'score', join(speech, voice), join(out, set, mode, voice), `${mode}-${voice}`, '--json', json], { stdio: 'ignore' });
    return JSON.parse(readFileSync(json, 'utf8'));
  };
  const [a, b] = [score('offline'), score('live')];
  rows.push({ voice, offline22: a.accuracy22, live22: b.accuracy22, offlineCoarse: a.coarse8Balanced, liveCoarse: b.coarse8Balanced });
  console.log(`${voice}: 22-class offline ${(100 * a.accuracy22).toFixed(1)} %, live ${(100 * b.accuracy22).toFixed(1)} % (${(100 * (b.accuracy22 - a.accuracy22)).toFixed(1)}); coarse-8 balanced ${(100 * a.coarse8Balanced).toFixed(1)} → ${(100 * b.coarse8Balanced).toFixed(1)}`);
}
const mean = (k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
console.log(`mean over ${rows.length} voices (${tune ? 'tuning set, utterances 50-74' : 'report set, utterances 0-24'}${conversation ? ', each voice one stream' : cold ? ', each utterance a cold stream' : ', each utterance a stream, warm-started'}), look-ahead ${lookAheadFrames === undefined ? 'default' : `${lookAheadFrames * 10} ms`}, prior ${priorFrames ?? 'default'} frames, decoder lag ${decoderLagFrames ?? 'default'}: 22-class offline ${(100 * mean('offline22')).toFixed(1)} %, live ${(100 * mean('live22')).toFixed(1)} % (${(100 * (mean('live22') - mean('offline22'))).toFixed(1)} points)`);
await engine.close();
session.close();
