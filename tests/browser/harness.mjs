// Shared by the browser tests: Debian's Chromium through playwright-core, a second origin that serves
// the SDK, the `lipsync` CLI, and screenshots beside the test results. tests/browser/run.sh starts
// ./run and passes its address and keys in LIPSYNC_URL, LIPSYNC_DEV_KEY, LIPSYNC_ACCOUNT.
import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests with tests/browser/run.sh (it starts ./run)`);
  return value;
}

export const backend = () => env('LIPSYNC_URL');
const artifacts = resolve(repo, process.env.LIPSYNC_BROWSER_ARTIFACTS ?? '.artifacts/test-results/browser');

/** Headless Chromium as this machine can run it: no sandbox as root, no background calls to Google. */
export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required', ...extraArgs],
  });
}

/**
 * A page whose `problems` collects uncaught errors and console errors (a CSP violation, a script that
 * failed to load). Chromium also logs every 4xx/5xx answer as "Failed to load resource": those are the
 * refusals some tests provoke on purpose, so they are left out.
 */
export async function open(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of')) problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.map': 'application/json' };

/**
 * A second origin (another port of 127.0.0.1): `/` is `html`, `/lipsync.js` the built SDK (and its
 * `ort/` runtime), and `extra` maps more paths to files. Pages served here call the backend
 * cross-origin, with preflights. Resolves to { origin, close, requests } (the paths asked for).
 */
export function serveSdkPage(html, extra = {}) {
  const sdk = join(repo, 'web', 'sdk', 'dist');
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/') {
      response.writeHead(200, { 'Content-Type': types['.html'] });
      response.end(html);
      return;
    }
    const file = extra[path] ?? join(sdk, path.replace(/^\/+/, ''));
    if (extra[path]) {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      createReadStream(file).pipe(response);
      return;
    }
    if (!file.startsWith(sdk + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  const requests = [];
  server.on('request', (request) => requests.push(new URL(request.url, 'http://x').pathname));
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((closed) => server.close(closed)),
    requests,
  })));
}

/** Runs a tool (sox, …) and waits for it; throws with its stderr when it fails. */
export function run(file, ...args) {
  return new Promise((done, fail) => {
    const child = spawn(file, args);
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${file} exited ${code}: ${err}`))));
  });
}

/** `./lipsync …` against ./run's storage: its stdout, or a thrown error with stderr. */
export function lipsync(...args) {
  return new Promise((done, fail) => {
    const child = spawn(join(repo, 'lipsync'), args, { cwd: repo });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`lipsync ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/** Records the CORS preflights (OPTIONS) Chromium sends for a page, through the DevTools protocol. */
export async function recordPreflights(page) {
  const session = await page.context().newCDPSession(page);
  const preflights = [];
  session.on('Network.requestWillBeSent', (e) => {
    if (e.request.method === 'OPTIONS' || e.type === 'Preflight') preflights.push(e.request.url);
  });
  await session.send('Network.enable');
  return preflights;
}
