// Puts the page's static files beside the bundle in dist/, with the repository's sample clip, so
// LocalHost serves the whole demo from one folder.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });
for (const file of ['index.html', 'demo.css']) copyFileSync(join(root, file), join(dist, file));
copyFileSync(join(root, '..', '..', 'samples', 'audio', 'hello.wav'), join(dist, 'hello.wav'));
console.log('demo: index.html, demo.css, hello.wav copied to dist/');
