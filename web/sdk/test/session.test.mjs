import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '../dist/lipsync.js';

// A scripted backend: each call is answered by the next handler; requests are recorded.
function backend(...handlers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url: String(url), init, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    const handler = handlers.shift();
    if (!handler) throw new Error('no more answers scripted');
    return handler(calls.at(-1));
  };
  return { fetch, calls };
}

const license = (epoch, sessionId = `ses_${epoch}`, refreshAfterMs = 20) => new Response(JSON.stringify({
  sessionId, license: 'a.b.c', epoch, expiresAt: new Date(Date.now() + 300_000).toISOString(), refreshAfterMs, keyType: 'dev',
}), { status: 200, headers: { 'content-type': 'application/json' } });
const refusal = (status, code) => new Response(JSON.stringify({ code, message: code, requestId: `req-${code}` }), { status, headers: { 'x-request-id': `req-${code}` } });
// The session's timers do not keep Node alive (unref), as a library's must not: hold the loop while waiting.
const next = (target, type) => new Promise((resolve) => {
  const alive = setInterval(() => {}, 1000);
  target.addEventListener(type, (e) => {
    clearInterval(alive);
    resolve(e.detail);
  }, { once: true });
});

test('init makes the session ready, and background refreshes send back the last session id with rising epochs', async () => {
  const server = backend(() => license(1, 'ses_a'), () => license(2, 'ses_b'), () => license(3, 'ses_c', 60_000));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', userId: 'u1', origin: 'http://localhost:3000', fetch: server.fetch });
  const statuses = [];
  session.addEventListener('statuschange', (e) => statuses.push(e.detail.status));

  const first = await session.init();
  assert.equal(first.epoch, 1);
  assert.equal(session.status, 'ready');
  assert.equal((await next(session, 'refresh')).epoch, 2);
  assert.equal((await next(session, 'refresh')).epoch, 3);
  session.close();

  assert.deepEqual(statuses, ['initializing', 'ready']);
  assert.equal(server.calls[0].url, 'http://edge.test/api/v1/license/init');
  assert.deepEqual(server.calls[0].body, { userId: 'u1' });
  assert.equal(server.calls[0].init.headers.Authorization, 'Bearer lsk_dev_x');
  assert.equal(server.calls[0].init.headers.Origin, 'http://localhost:3000');
  assert.equal(server.calls[0].init.credentials, 'omit');
  assert.deepEqual(server.calls.slice(1).map((c) => c.body.sessionId), ['ses_a', 'ses_b']);
});

test('a refused init rejects with the RefusedError of its code and leaves the session in error', async () => {
  const server = backend(() => refusal(401, 'invalid_api_key'));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_pub_nope', fetch: server.fetch });
  const errored = next(session, 'error');

  await assert.rejects(session.init(), (e) => e instanceof sdk.RefusedError && e.code === 'invalid_api_key' && e.requestId === 'req-invalid_api_key');
  assert.equal(session.status, 'error');
  assert.equal((await errored).error.code, 'invalid_api_key');
});

test('session_expired on refresh refuses the session for good', async () => {
  const server = backend(() => license(1), () => refusal(404, 'session_expired'));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch });
  await session.init();

  const { error } = await next(session, 'refused');
  assert.ok(error instanceof sdk.RefusedError);
  assert.equal(error.code, 'session_expired');
  assert.equal(session.status, 'refused');
  await assert.rejects(session.refresh(), (e) => e === error);
});

test('a transient failure degrades the session, which recovers on the next refresh', async () => {
  const busy = () => new Response(JSON.stringify({ code: 'service_unavailable', message: 'busy' }), { status: 503, headers: { 'retry-after': '0' } });
  const server = backend(() => license(1), busy, () => license(2, 'ses_2', 60_000));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch, refreshRetryDelayMs: 10 });
  await session.init();

  const { error } = await next(session, 'error');
  assert.equal(error.code, 'service_unavailable');
  assert.equal(session.status, 'degraded');
  assert.equal((await next(session, 'refresh')).epoch, 2);
  assert.equal(session.status, 'ready');
  session.close();
});

test('too many failed refreshes in a row refuse the session', async () => {
  const down = () => { throw new TypeError('fetch failed'); };
  const server = backend(() => license(1), down, down, down);
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch, refreshRetryDelayMs: 5, maxConsecutiveRefreshFailures: 3 });
  await session.init();

  const { error } = await next(session, 'refused');
  assert.ok(error instanceof sdk.RefusedError);
  assert.equal(error.code, 'network_error');
  assert.match(error.message, /3 refreshes failed in a row/);
});

test('a secret key is refused in a browser page before anything is sent', () => {
  globalThis.window = {};
  globalThis.document = { addEventListener() {}, removeEventListener() {}, visibilityState: 'visible' };
  try {
    const server = backend();
    assert.throws(() => new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_sec_secret', fetch: server.fetch }),
      (e) => e instanceof sdk.RefusedError && e.code === 'wrong_key_scope' && !e.message.includes('lsk_sec_secret'));
    assert.equal(server.calls.length, 0);
  } finally {
    delete globalThis.window;
    delete globalThis.document;
  }
});

test('a failed batch job throws the error class its code has', async () => {
  const job = (status, error) => new Response(JSON.stringify({ jobId: 'j1', status, input: 'a', output: 'b', createdAt: 'x', updatedAt: 'y', attempts: 1, ...(error ? { error } : {}) }), { status: 200 });
  const server = backend(() => job('running'), () => job('failed', { code: 'engine_failure', message: 'boom', requestId: 'r9' }));
  await assert.rejects(sdk.waitForJob({ endpoint: 'http://edge.test', key: 'lsk_sec_x', fetch: server.fetch }, 'j1', { pollMs: 1 }),
    (e) => e instanceof sdk.EngineError && e.code === 'engine_failure' && e.requestId === 'r9');
  assert.equal(server.calls[0].url, 'http://edge.test/api/v1/jobs/j1');
});

test('a live session does not keep a Node process from exiting', async () => {
  const { spawnSync } = await import('node:child_process');
  const script = `
    import * as sdk from ${JSON.stringify(new URL('../dist/lipsync.js', import.meta.url).href)};
    const fetch = async () => new Response(JSON.stringify({ sessionId: 's', license: 'a.b.c', epoch: 1, expiresAt: 'x', refreshAfterMs: 60000, keyType: 'dev' }));
    await new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch }).init();
    console.log('ready');`;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'ready');
  assert.ok(Date.now() - started < 15_000);
});

test('init tries a retryable failure again, as the .NET SDK does', async () => {
  const busy = () => new Response('{"code":"service_unavailable","message":"busy"}', { status: 503, headers: { 'retry-after': '0' } });
  const server = backend(busy, () => license(1, 'ses_1', 60_000));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch, refreshRetryDelayMs: 5 });
  assert.equal((await session.init()).epoch, 1);
  assert.equal(server.calls.length, 2);
  session.close();
});

test('a refresh in flight when the session closes changes nothing and fires nothing', async () => {
  let answer;
  const server = backend(() => license(1, 'ses_1', 60_000), () => new Promise((resolve) => { answer = resolve; }));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch });
  await session.init();
  const events = [];
  for (const type of ['refresh', 'error', 'refused', 'statuschange']) session.addEventListener(type, () => events.push(type));

  const pending = session.refresh();
  session.close();
  answer(license(2));
  assert.equal((await pending).epoch, 2);
  assert.deepEqual(events, []);
  assert.equal(session.epoch, 1);
});

test('reload is the way out of refused: a fresh init', async () => {
  const server = backend(() => license(1, 'ses_1', 60_000), () => refusal(404, 'session_expired'), () => license(1, 'ses_new', 60_000));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch });
  await session.init();
  await assert.rejects(session.refresh(), (e) => e.code === 'session_expired');
  assert.equal(session.status, 'refused');

  assert.equal((await session.reload()).sessionId, 'ses_new');
  assert.equal(session.status, 'ready');
  session.close();
});

test('a call that gets no answer in time fails with network_error', async () => {
  const hang = (_url, init) => new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: hang, timeoutMs: 50, refreshRetryDelayMs: 1 });
  const alive = setInterval(() => {}, 1000); // AbortSignal.timeout does not hold Node's event loop
  try {
    await assert.rejects(session.init(), (e) => e instanceof sdk.NetworkError && e.code === 'network_error' && /within 50 ms/.test(e.message));
  } finally {
    clearInterval(alive);
  }
});

test('a secret key is refused in a browser worker too, by every call, before anything is sent', async () => {
  globalThis.WorkerGlobalScope = function WorkerGlobalScope() {};
  try {
    const server = backend();
    await assert.rejects(sdk.createTimeline({ endpoint: 'http://edge.test', key: 'lsk_sec_secret', fetch: server.fetch }, new Uint8Array([1, 2, 3])),
      (e) => e.code === 'wrong_key_scope' && e.status === 0);
    await assert.rejects(sdk.submitJob({ endpoint: 'http://edge.test', key: 'lsk_sec_secret', fetch: server.fetch }, { blob: 'a/b.wav' }), (e) => e.code === 'wrong_key_scope');
    assert.equal(server.calls.length, 0);
  } finally {
    delete globalThis.WorkerGlobalScope;
  }
});

test('refreshes pause while the page is hidden and catch up when it shows again', { timeout: 10_000 }, async () => {
  let onVisibility;
  globalThis.document = {
    visibilityState: 'visible',
    addEventListener(type, fn) { if (type === 'visibilitychange') onVisibility = fn; },
    removeEventListener() {},
  };
  const alive = setInterval(() => {}, 1000);
  try {
    const server = backend(() => license(1, 'ses_1', 30), () => license(2, 'ses_2', 60_000));
    const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch });
    globalThis.document.visibilityState = 'hidden';
    await session.init(); // due in 30 ms, but the page is hidden
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(server.calls.length, 1, 'no refresh while hidden');

    const refreshed = next(session, 'refresh');
    globalThis.document.visibilityState = 'visible';
    onVisibility();
    assert.equal((await refreshed).epoch, 2); // overdue: refreshed at once
    session.close();
  } finally {
    clearInterval(alive);
    delete globalThis.document;
  }
});

test('an answer missing a field the OpenAPI document requires, or with the wrong JSON type, is unexpected_server_response', async () => {
  const ok = { sessionId: 's', license: 'a.b.c', epoch: 1, expiresAt: '2026-01-01T00:00:00Z', refreshAfterMs: 1000, keyType: 'dev' };
  const variants = [
    { ...ok, epoch: undefined },
    { ...ok, epoch: '1' },
    { ...ok, epoch: 1.5 },
    { ...ok, sessionId: null },
    [ok],
  ];
  for (const body of variants) {
    // The catalogue calls unexpected_server_response retryable: init tries three times.
    const answer = () => new Response(JSON.stringify(body), { status: 200 });
    const server = backend(answer, answer, answer);
    const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch, refreshRetryDelayMs: 1 });
    await assert.rejects(session.init(), (e) => e.code === 'unexpected_server_response' && e instanceof sdk.LipsyncError, JSON.stringify(body));
    assert.equal(server.calls.length, 3);
  }

  const server = backend(() => new Response(JSON.stringify(ok), { status: 200 }));
  const session = new sdk.LicenseSession({ endpoint: 'http://edge.test', key: 'lsk_dev_x', fetch: server.fetch });
  assert.equal((await session.init()).epoch, 1);
  session.close();
});
