// Shared by the on-device benches and scripts (Node): 16-bit PCM WAV reading, timelines as frames, and
// an engine licensed by a real session with ./run (LIPSYNC_URL, LIPSYNC_DEV_KEY from .local/run.env).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { LicenseSession, OnDeviceEngine } from '../dist/lipsync.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A 16-bit PCM WAV as mono Float32 samples (channels averaged) and its rate. */
export function readWav(path) {
  const b = readFileSync(path);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let o = 12, channels = 1, rate = 0; o + 8 <= v.byteLength;) {
    const id = b.toString('ascii', o, o + 4);
    const size = v.getUint32(o + 4, true);
    if (id === 'fmt ') { channels = v.getUint16(o + 10, true); rate = v.getUint32(o + 12, true); }
    if (id === 'data') {
      const n = Math.floor(Math.min(size, v.byteLength - o - 8) / (2 * channels));
      const samples = new Float32Array(n);
      for (let f = 0; f < n; f++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += v.getInt16(o + 8 + (((f * channels) + c) * 2), true) / 32768;
        samples[f] = sum / channels;
      }
      return { samples, rate };
    }
    o += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Cues as one viseme per 10 ms frame, `n` frames. */
export const framesOf = (cues, n) => {
  const frames = new Array(n).fill(0);
  cues.forEach((c, i) => frames.fill(c.v, c.t / 10, Math.min(n, (cues[i + 1]?.t ?? n * 10) / 10)));
  return frames;
};

/** A ready license session with ./run and an on-device engine it unlocks (ONNX Runtime Web on WASM in Node). */
export async function licensedEngine() {
  const endpoint = process.env.LIPSYNC_URL;
  if (!endpoint || !process.env.LIPSYNC_DEV_KEY) throw new Error('start ./run and `source .local/run.env` first');
  const session = new LicenseSession({ endpoint, key: process.env.LIPSYNC_DEV_KEY });
  await session.init();
  const engine = await OnDeviceEngine.create({ session, model: readFileSync(join(root, 'models', 'viseme.onnx')), runtime: ort });
  return { session, engine };
}
