// Writes src/engine/live-prior.json: per-band mean and variance of the raw log-mel features of
// training voices (never held-out ones), the starting point of a live stream's running normalisation.
// tools/train/live-prior.sh makes the audio (flite slt and awb, training voices) and runs this.
//   node scripts/live-prior.mjs <dir of 16-bit WAVs>...
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFeatures } from '../dist/lipsync.js';
import { readWav } from '../bench/common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const sum = new Float64Array(40);
const sq = new Float64Array(40);
let frames = 0;
let files = 0;
for (const dir of process.argv.slice(2)) {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.wav')).sort()) {
    const { samples, rate } = readWav(join(dir, name));
    const features = extractFeatures(samples, rate);
    for (let t = 0; t < features.frames; t++) {
      for (let b = 0; b < 40; b++) {
        const x = features.values[(t * 40) + b];
        sum[b] += x;
        sq[b] += x * x;
      }
    }
    frames += features.frames;
    files++;
  }
}
if (frames === 0) throw new Error('no audio');
const mean = Array.from(sum, (s) => s / frames);
const variance = Array.from(sq, (s, b) => Math.max((s / frames) - (mean[b] * mean[b]), 1e-4));
const round = (x) => Number(x.toPrecision(6));
writeFileSync(join(root, 'src', 'engine', 'live-prior.json'), `${JSON.stringify({ source: `${files} utterances of training voices, ${frames} frames`, mean: mean.map(round), variance: variance.map(round) })}\n`);
console.log(`live-prior.json: ${files} files, ${frames} frames`);
