// Puts ONNX Runtime Web's WASM build beside the bundle (dist/ort/), where OnDeviceEngine looks for it by
// default: pages load the runtime from the same place as the SDK, never from a CDN.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runtime = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
const out = join(root, 'dist', 'ort');
mkdirSync(out, { recursive: true });
for (const file of ['ort.wasm.bundle.min.mjs', 'ort-wasm-simd-threaded.wasm']) copyFileSync(join(runtime, file), join(out, file));
// The AudioWorklet that tapAudio loads (a worklet is its own module, so it is not bundled).
copyFileSync(join(root, 'worklet', 'lipsync-tap.js'), join(root, 'dist', 'lipsync-tap.js'));
console.log(`dist/ort: ONNX Runtime Web's WASM build copied from ${runtime}; dist/lipsync-tap.js`);
