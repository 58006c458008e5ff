// Puts the page's static files beside the bundle in dist/, with the repository's sample clip, so
// LocalHost serves the whole demo from one folder.
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
for (const file of ['index.html', 'demo.css']) copyFileSync(join(root, file), join(dist, file));
copyFileSync(join(root, '..', '..', 'samples', 'audio', 'hello.wav'), join(dist, 'hello.wav'));
// The on-device engine's runtime, ONNX Runtime Web's WASM build (the SDK's build puts it in dist/ort);
// the model itself comes from the API (GET /api/v1/models/viseme).
cpSync(join(root, '..', 'sdk', 'dist', 'ort'), join(dist, 'ort'), { recursive: true });
// The AudioWorklet the live mode's tapAudio loads (beside demo.js, where the bundled SDK looks).
copyFileSync(join(root, '..', 'sdk', 'dist', 'lipsync-tap.js'), join(dist, 'lipsync-tap.js'));
console.log('demo: index.html, demo.css, hello.wav, lipsync-tap.js and ort/ copied to dist/');
