// The demo page as a newcomer meets it: the address ./run prints, a license session, the sample clip
// turned into a timeline and played with the mouth, refusals shown with their code and next step.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { backend, env, launch, open, repo, screenshot } from './harness.mjs';

const sample = join(repo, 'samples', 'audio', 'hello.wav');
let browser;
let expected;

before(async () => {
  browser = await launch();
  // The timeline the page should play: the same clip through the same route, straight from Node.
  const response = await fetch(`${backend()}/api/v1/timelines`, {
    method: 'POST', headers: { Authorization: `Bearer ${env('LIPSYNC_DEV_KEY')}`, 'Content-Type': 'audio/wav' }, body: await readFile(sample),
  });
  assert.equal(response.status, 200);
  expected = await response.json();
});

after(async () => browser?.close());

const visemeAt = (timeline, ms) => timeline.cues.findLast((c) => c.t <= ms)?.v ?? 0;
const demoUrl = (key) => `${backend()}/demo/#key=${key}`;

test('the printed address opens a ready session whose epoch ticks on each refresh, and the key leaves the address bar', async () => {
  const { page, context, problems } = await open(browser);
  await page.goto(demoUrl(env('LIPSYNC_DEV_KEY')));
  await page.waitForSelector('#status[data-status="ready"]');
  assert.match(await page.textContent('#log'), /ready: dev key, epoch 1/);
  assert.equal(new URL(page.url()).hash, '', 'the key is dropped from the address bar');
  // The session's own refreshes (every 1.5 s under run.sh) tick the epoch on the page...
  await page.waitForFunction(() => Number(document.getElementById('epoch').textContent) >= 2);
  assert.match(await page.textContent('#log'), /refreshed: epoch 2/);
  // ...and so does one on demand.
  const before = Number(await page.textContent('#epoch'));
  await page.click('#refresh-now');
  await page.waitForFunction((n) => Number(document.getElementById('epoch').textContent) > n, before);
  await screenshot(page, 'demo-session');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the sample plays with the mouth on the timeline\'s viseme at known times, and moves while playing', async () => {
  const { page, context, problems } = await open(browser);
  await page.goto(demoUrl(env('LIPSYNC_DEV_KEY')));
  await page.waitForSelector('#status[data-status="ready"]');
  await page.click('#sample');
  await page.waitForSelector('#audio-status[data-state="ready"]');
  await page.waitForFunction(() => document.getElementById('audio').readyState >= 1);
  assert.match(await page.textContent('#audio-status'), new RegExp(`${expected.cues.length} cues`));
  assert.equal(await page.locator('#cues li').count(), expected.cues.length);

  // Known times: inside cues long enough that co-articulation (60 ms before the next cue) is not blending.
  const known = expected.cues
    .map((cue, i) => ({ ...cue, end: expected.cues[i + 1]?.t ?? expected.durationMs }))
    .filter((cue) => cue.end - cue.t >= 100)
    .filter((cue, i, all) => all.findIndex((c) => c.v === cue.v) === i)
    .slice(0, 8);
  assert.ok(known.length >= 4, `the sample has at least 4 distinct long cues: ${JSON.stringify(known)}`);
  const drawn = new Map();
  for (const cue of known) {
    const at = cue.t + 20;
    await page.evaluate((s) => { document.getElementById('audio').currentTime = s; }, at / 1000);
    await page.waitForFunction((ms) => Math.abs(Number(document.querySelector('#mouth svg').dataset.timeMs) - ms) <= 1, at);
    const mouth = await page.evaluate(() => {
      const svg = document.querySelector('#mouth svg');
      return {
        viseme: svg.dataset.viseme, blend: svg.dataset.blend, lips: svg.querySelector('.lips').getAttribute('d'),
        opening: svg.querySelector('.cavity').getBBox().height,
        current: document.querySelector('#cues li.current')?.dataset.t, label: document.getElementById('viseme-label').textContent,
      };
    });
    assert.equal(mouth.viseme, String(cue.v), `at ${at} ms the mouth shows viseme ${cue.v}`);
    assert.equal(mouth.blend, '0.00');
    assert.equal(mouth.current, String(cue.t), 'the cue list marks the cue being played');
    assert.ok(mouth.label.startsWith(`${cue.v} ·`));
    drawn.set(cue.v, mouth);
  }
  assert.equal(new Set([...drawn.values()].map((m) => m.lips)).size, drawn.size, 'each viseme is drawn with its own shape');
  // The drawing, not only its label: closed visemes (silence; p b m) show no opening, open vowels a wide one.
  for (const [v, m] of drawn) {
    if (v === 0 || v === 21) assert.ok(m.opening < 3, `viseme ${v} is drawn closed (opening ${m.opening})`);
    if ([1, 2, 3, 9, 11].includes(v)) assert.ok(m.opening > 15, `viseme ${v} is drawn open (opening ${m.opening})`);
  }
  assert.ok([...drawn.keys()].some((v) => v === 0 || v === 21) && [...drawn.keys()].some((v) => [1, 2, 3, 9, 11].includes(v)), `closed and open shapes were both checked: ${[...drawn.keys()]}`);
  await page.evaluate((s) => { document.getElementById('audio').currentTime = s; }, known[1].t / 1000 + 0.02);
  await page.waitForTimeout(100);
  await screenshot(page, 'demo-timeline');

  // Playing: every frame drawn shows the viseme of the time it was drawn for, and the mouth moves.
  await page.evaluate(async () => { const a = document.getElementById('audio'); a.currentTime = 0; await a.play(); });
  const samples = [];
  for (let i = 0; i < 40; i++) {
    samples.push(await page.evaluate(() => ({ ...document.querySelector('#mouth svg').dataset })));
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => document.getElementById('audio').pause());
  for (const s of samples) assert.equal(s.viseme, String(visemeAt(expected, Number(s.timeMs))), `frame at ${s.timeMs} ms`);
  const times = samples.map((s) => Number(s.timeMs));
  assert.ok(times.at(-1) - times[0] > 1000, `the clock advanced while playing: ${times[0]} → ${times.at(-1)} ms`);
  assert.ok(new Set(samples.map((s) => s.viseme)).size >= 3, 'the mouth changed shape while playing');
  assert.deepEqual(problems, []);
  await context.close();
});

test('refusals show their code and next step: a made-up key, then audio the engine cannot read', async () => {
  const { page, context, problems } = await open(browser);
  await page.goto(demoUrl('lsk_dev_madeUpKeyThatWasNeverIssued00000'));
  await page.waitForSelector('#status[data-status="error"]');
  const refusal = page.locator('#log .error[data-code="invalid_api_key"]');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /next step: .+/);
  assert.match(await refusal.textContent(), /request id: [0-9a-f]{32}/);
  await screenshot(page, 'demo-refused');

  // A secret key pasted by mistake (./run prints it too) is refused by the SDK and never sent.
  await page.fill('#key', 'lsk_sec_pastedByMistake000000000000000');
  await page.click('#start');
  await page.locator('#log .error[data-code="wrong_key_scope"]').waitFor();
  assert.equal(await page.getAttribute('#status', 'data-status'), 'error');

  await page.fill('#key', env('LIPSYNC_DEV_KEY'));
  await page.setInputFiles('#file', { name: 'noise.wav', mimeType: 'audio/wav', buffer: Buffer.alloc(4096, 0x5a) });
  const audioError = page.locator('#audio-error .error[data-code="audio_unsupported"]');
  await audioError.waitFor();
  assert.match(await audioError.textContent(), /next step: .+/);
  assert.equal(await page.getAttribute('#audio-status', 'data-state'), 'error');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a microphone recording is sent as the browser made it and animated', async () => {
  // Chromium's fake capture device plays the sample clip as the microphone.
  const micBrowser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${sample}`]);
  try {
    const { page, problems } = await open(micBrowser);
    await page.goto(demoUrl(env('LIPSYNC_DEV_KEY')));
    await page.waitForSelector('#status[data-status="ready"]');
    await page.click('#record');
    await page.waitForFunction(() => /Stop \(3 s\)/.test(document.getElementById('record').textContent));
    await page.click('#record');
    await page.waitForSelector('#audio-status[data-state="ready"]', { timeout: 30_000 });
    const status = await page.textContent('#audio-status');
    assert.match(status, /^recording \(audio\/webm/);
    const speech = Number(/([\d.]+) s speech/.exec(status)?.[1]);
    assert.ok(speech > 0.5, `the recording has speech: ${status}`);
    assert.ok(await page.locator('#cues li').count() > 5);
    assert.deepEqual(problems, []);
  } finally {
    await micBrowser.close();
  }
});

test('"On this device" animates the sample from in-page inference with the server\'s timeline, under the page\'s CSP', async () => {
  const { page, context, problems } = await open(browser);
  await page.goto(demoUrl(env('LIPSYNC_DEV_KEY')));
  await page.waitForSelector('#status[data-status="ready"]');
  await page.check('#on-device');
  await page.click('#sample');
  await page.waitForSelector('#audio-status[data-state="ready"][data-where="device"]', { timeout: 60_000 });
  assert.match(await page.textContent('#audio-status'), /made on this device/);
  const cues = await page.$$eval('#cues li', (items) => items.map((li) => ({ t: Number(li.dataset.t), v: Number(li.dataset.v) })));
  const frames = (list) => Array.from({ length: Math.ceil(expected.durationMs / 10) }, (_, f) => list.findLast((c) => c.t <= f * 10)?.v ?? 0);
  const device = frames(cues);
  const server = frames(expected.cues);
  const agreement = device.filter((v, i) => v === server[i]).length / server.length;
  assert.ok(agreement >= 0.99, `${(100 * agreement).toFixed(2)} % of frames as the server`);
  await screenshot(page, 'demo-on-device');
  assert.deepEqual(problems, [], 'no CSP violation or error while the runtime compiled and ran');
  await context.close();
});

test('live on this device: the microphone (Chromium\'s fake device playing the sample) moves the mouth with the offline timeline\'s visemes', async (t) => {
  const micBrowser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${sample}`]);
  try {
    const { page, problems } = await open(micBrowser);
    await page.goto(demoUrl(env('LIPSYNC_DEV_KEY')));
    await page.waitForSelector('#status[data-status="ready"]');
    await page.check('#on-device');
    await page.click('#record');
    await page.waitForSelector('#audio-status[data-state="live"]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('#cues li').length >= 40, undefined, { timeout: 30_000 });
    await screenshot(page, 'demo-live');
    await page.click('#record');
    await page.waitForSelector('#audio-status[data-state="idle"]');
    const cues = await page.$$eval('#cues li', (items) => items.map((li) => ({ t: Number(li.dataset.t), v: Number(li.dataset.v) })));

    // The fake device loops the sample from an unknown point: align the live frames with the looped
    // offline frames at the best shift, then compare.
    const period = Math.ceil(expected.durationMs / 10);
    const offline = Array.from({ length: period }, (_, f) => expected.cues.findLast((c) => c.t <= f * 10)?.v ?? 0);
    const first = cues[0].t / 10;
    const last = cues.at(-1).t / 10;
    const live = Array.from({ length: last - first }, (_, i) => cues.findLast((c) => c.t <= (first + i) * 10).v);
    let best = 0;
    for (let shift = 0; shift < period; shift++) {
      const same = live.filter((v, i) => v === offline[(i + shift) % period]).length / live.length;
      best = Math.max(best, same);
    }
    t.diagnostic(`${cues.length} live cues over ${((last - first) / 100).toFixed(1)} s; ${(100 * best).toFixed(1)} % of frames as the offline timeline at the best alignment`);
    assert.ok(best >= 0.75, `live frames agree with the offline timeline: ${(100 * best).toFixed(1)} %`);
    assert.deepEqual(problems, []);
  } finally {
    await micBrowser.close();
  }
});
