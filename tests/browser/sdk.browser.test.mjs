// @lipsync/web in a real browser, loaded from another origin than the backend's: every call is a
// cross-origin request with a CORS preflight, as on a customer's site.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { backend, env, launch, lipsync, open, recordPreflights, screenshot, serveSdkPage } from './harness.mjs';

const html = `<!doctype html><meta charset="utf-8"><title>SDK page</title>
<script type="module">import * as lipsync from './lipsync.js'; window.lipsync = lipsync; document.title = 'ready';</script>
<body><pre id="out"></pre></body>`;

let browser;
let site;

before(async () => {
  browser = await launch();
  site = await serveSdkPage(html);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function sdkPage() {
  const opened = await open(browser);
  const preflights = await recordPreflights(opened.page);
  await opened.page.goto(`${site.origin}/`);
  await opened.page.waitForFunction(() => document.title === 'ready');
  return { ...opened, preflights };
}

test('a dev key comes up ready from another origin and refreshes, with preflights', async () => {
  const { page, context, problems, preflights } = await sdkPage();
  const result = await page.evaluate(async ({ endpoint, key }) => {
    const session = new window.lipsync.LicenseSession({ endpoint, key, userId: 'browser-test' });
    const statuses = [];
    const epochs = [];
    session.addEventListener('statuschange', (e) => statuses.push(e.detail.status));
    session.addEventListener('refresh', (e) => epochs.push(e.detail.epoch));
    const license = await session.init();
    await session.refresh();
    await session.refresh();
    const claimsOf = (jws) => JSON.parse(atob(jws.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const out = { status: session.status, statuses, epochs, first: license, last: session.license, claims: claimsOf(license.license), lastClaims: claimsOf(session.license.license), origin: location.origin };
    document.getElementById('out').textContent = JSON.stringify(out, null, 2);
    session.close();
    return out;
  }, { endpoint: backend(), key: env('LIPSYNC_DEV_KEY') });

  assert.equal(result.status, 'ready');
  assert.deepEqual(result.statuses.slice(0, 2), ['initializing', 'ready']);
  assert.equal(result.first.keyType, 'dev');
  assert.equal(result.first.epoch, 1);
  assert.deepEqual(result.epochs.slice(0, 2), [2, 3]);
  assert.equal(result.last.epoch, 3);
  assert.equal(result.lastClaims.sid, result.claims.sid, 'refreshes continue one session (the sid claim)');
  assert.equal(result.lastClaims.epoch, 3);
  assert.equal(result.claims.origin, result.origin, 'the license names the page origin the browser sent');
  assert.notEqual(new URL(backend()).origin, result.origin, 'the page is on another origin than the backend');
  assert.ok(preflights.some((u) => u.endsWith('/api/v1/license/init')), `a preflight for init was sent: ${JSON.stringify(preflights)}`);
  assert.ok(preflights.some((u) => u.endsWith('/api/v1/license/refresh')), 'a preflight for refresh was sent');
  await screenshot(page, 'sdk-session-ready');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a ready session refreshes by itself on the schedule the edge gives', async () => {
  const { page, context, problems } = await sdkPage();
  const result = await page.evaluate(async ({ endpoint, key }) => {
    const session = new window.lipsync.LicenseSession({ endpoint, key });
    const license = await session.init();
    const started = performance.now();
    // No refresh() here: the session's own timer (run.sh sets License__RefreshAfter to 1.5 s).
    const epoch = await new Promise((resolve) => session.addEventListener('refresh', (e) => resolve(e.detail.epoch), { once: true }));
    const out = { refreshAfterMs: license.refreshAfterMs, epoch, afterMs: performance.now() - started, status: session.status };
    session.close();
    return out;
  }, { endpoint: backend(), key: env('LIPSYNC_DEV_KEY') });
  assert.equal(result.epoch, 2);
  assert.equal(result.status, 'ready');
  assert.ok(result.afterMs >= result.refreshAfterMs * 0.9, `refreshed after ${result.afterMs} ms, asked ${result.refreshAfterMs}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a made-up key is a RefusedError invalid_api_key whose request id the page can read', async () => {
  const { page, context, problems } = await sdkPage();
  const error = await page.evaluate(async ({ endpoint }) => {
    const { LicenseSession, LipsyncError, RefusedError } = window.lipsync;
    const session = new LicenseSession({ endpoint, key: 'lsk_dev_madeUpKeyThatWasNeverIssued00000' });
    try {
      await session.init();
      return null;
    } catch (e) {
      return { name: e.name, lipsync: e instanceof LipsyncError, refused: e instanceof RefusedError, code: e.code, status: e.status, requestId: e.requestId, retryable: e.retryable, nextStep: e.nextStep, sessionStatus: session.status };
    }
  }, { endpoint: backend() });

  assert.ok(error, 'init must fail');
  assert.equal(error.name, 'RefusedError');
  assert.ok(error.lipsync && error.refused);
  assert.equal(error.code, 'invalid_api_key');
  assert.equal(error.status, 401);
  assert.match(error.requestId ?? '', /^[0-9a-f]{32}$/, 'the envelope\'s request id is readable cross-origin');
  assert.equal(error.retryable, false);
  assert.ok(error.nextStep.length > 10);
  assert.equal(error.sessionStatus, 'error', 'a failed init leaves the session in error, as in the .NET SDK');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a key disabled mid-session moves the live session to refused at its next refresh', async () => {
  const created = JSON.parse(await lipsync('keys', 'create', '--account', env('LIPSYNC_ACCOUNT'), '--type', 'dev', '--json'));
  const { page, context, problems } = await sdkPage();
  const ready = await page.evaluate(async ({ endpoint, key }) => {
    const session = new window.lipsync.LicenseSession({ endpoint, key });
    window.session = session;
    window.refusals = [];
    session.addEventListener('refused', (e) => window.refusals.push(e.detail.error.code));
    return (await session.init()).epoch;
  }, { endpoint: backend(), key: created.key });
  assert.equal(ready, 1);

  await lipsync('keys', 'disable', created.keyId);

  // The edge sees admin changes within its key cache's bound (run.sh starts ./run with a short one).
  const outcome = await page.evaluate(async () => {
    for (let i = 0; i < 50; i++) {
      try {
        await window.session.refresh();
      } catch (e) {
        return { code: e.code, name: e.name, status: window.session.status, refusals: window.refusals, attempts: i + 1 };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return { status: window.session.status };
  });

  assert.equal(outcome.code, 'key_disabled');
  assert.equal(outcome.name, 'RefusedError');
  assert.equal(outcome.status, 'refused');
  assert.deepEqual(outcome.refusals, ['key_disabled']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a secret key is refused in the page before anything is sent', async () => {
  const { page, context } = await sdkPage();
  const sent = [];
  page.on('request', (r) => { if (r.url().startsWith(backend())) sent.push(r.url()); });
  const error = await page.evaluate(async ({ endpoint }) => {
    try {
      await window.lipsync.createTimeline({ endpoint, key: 'lsk_sec_thisWouldLeakIfSent000000000000' }, new Blob([new Uint8Array(44)]));
      return null;
    } catch (e) {
      return { code: e.code, lipsync: e instanceof window.lipsync.LipsyncError, message: e.message };
    }
  }, { endpoint: backend() });
  assert.equal(error?.code, 'wrong_key_scope');
  assert.ok(error.lipsync);
  assert.deepEqual(sent, [], 'no request left the page');
  await context.close();
});
