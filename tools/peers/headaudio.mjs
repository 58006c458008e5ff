// HeadAudio (npm @met4citizen/headaudio) run offline in Node over every .wav of a folder.
// Writes <out>/<name>.frames: one coarse-8 class per 10 ms frame, sampled at frame centres.
// usage: node headaudio.mjs <wav-dir> <out-dir> [speakerMeanHz]
import fs from "node:fs";
import path from "node:path";
import * as P from "@met4citizen/headaudio/modules/parameters.mjs";
import { Training } from "@met4citizen/headaudio/modules/training.mjs";
import { Processor } from "@met4citizen/headaudio/modules/processor.mjs";

const [dir, out, hz = "120"] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const modelPath = new URL("./node_modules/@met4citizen/headaudio/dist/model-en-mixed.bin", import.meta.url);
const bytes = fs.readFileSync(modelPath);
const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const training = new Training();
const model = [];
for (let o = 0; o + P.RECORD_OFFSET <= buffer.byteLength; o += P.RECORD_OFFSET) {
  model.push(training.decodeBinaryRecord(new Float32Array(buffer, o, P.RECORD_LEN)));
}

// HeadAudio's own viseme order -> coarse-8 (notes/speech-data.md §4, Oculus column).
const names = ["aa", "E", "I", "O", "U", "PP", "SS", "TH", "DD", "FF", "kk", "nn", "RR", "CH", "sil"];
const coarse = { aa: "WIDE", E: "OPEN", I: "NARROW", O: "ROUND", U: "PUCKER", PP: "MBP", SS: "NARROW", TH: "NARROW",
  DD: "NARROW", FF: "FV", kk: "NARROW", nn: "NARROW", RR: "ROUND", CH: "NARROW", sil: "SIL" };

function readWav(file) {
  const b = fs.readFileSync(file);
  let pos = 12, rate = 16000, channels = 1, bits = 16;
  while (pos + 8 <= b.length) {
    const id = b.toString("ascii", pos, pos + 4), size = b.readUInt32LE(pos + 4);
    if (id === "fmt ") { channels = b.readUInt16LE(pos + 10); rate = b.readUInt32LE(pos + 12); bits = b.readUInt16LE(pos + 22); }
    if (id === "data") {
      const n = Math.floor(Math.min(size, b.length - pos - 8) / (2 * channels));
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = b.readInt16LE(pos + 8 + i * 2 * channels) / 32768;
      return { x, rate };
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error("no data chunk in " + file);
}

for (const name of fs.readdirSync(dir).filter(f => f.endsWith(".wav")).sort()) {
  const { x, rate } = readWav(path.join(dir, name));
  const events = [];
  const port = { onmessage: null, postMessage: m => events.push(m) };
  const proc = new Processor({ sampleRate: rate, processorOptions: {}, parameterData: { vadMode: 1, silMode: 0, silSensitivity: 1.2 }, speakerMeanHz: Number(hz) }, { port });
  proc._onmessage({ data: { event: "model", model, reset: true } });
  proc._onmessage({ data: { event: "start" } });
  for (let i = 0; i < x.length; i += 128) proc.process(x.subarray(i, i + 128));
  const frames = Math.ceil(x.length / rate * 100);
  const timed = events.filter(e => e.event === "viseme" || e.event === "ended" || e.event === "started").sort((a, b) => a.t - b.t);
  let state = "sil", k = 0;
  const lines = [];
  for (let f = 0; f < frames; f++) {
    const tc = f * 0.010 + 0.005;
    while (k < timed.length && timed[k].t <= tc) {
      const e = timed[k++];
      if (e.event === "ended") state = "sil";
      else if (e.event === "viseme" && e.viseme !== null && e.viseme !== undefined) state = names[e.viseme];
    }
    lines.push(coarse[state]);
  }
  fs.writeFileSync(path.join(out, name.replace(/\.wav$/, ".frames")), lines.join("\n") + "\n");
}
