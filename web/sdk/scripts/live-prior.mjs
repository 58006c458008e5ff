// Writes src/engine/live-prior.json: per-band mean and variance of the raw log-mel features of
// training voices (never held-out ones), the starting point of a live stream's running normalisation.
// tools/train/live-prior.sh makes the audio (flite slt and awb, training voices) and runs this.
//   node scripts/live-prior.mjs <dir of 16-bit WAVs>...
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFeatures } from '../dist/lipsync.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
