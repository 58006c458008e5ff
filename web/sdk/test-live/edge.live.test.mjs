// The SDK against a real backend over HTTP. Run by tests/integration/Hosting/WebSdkLiveTests.cs, which
// starts LocalHost and Azurite and passes the endpoint and keys; skipped when run alone without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from '../dist/lipsync.js';

const env = process.env;
const live = { skip: env.LIPSYNC_ENDPOINT ? false : 'needs LIPSYNC_ENDPOINT and keys (see WebSdkLiveTests.cs)' };
const endpoint = env.LIPSYNC_ENDPOINT;

test('a dev key on a local origin comes up ready, and refreshes raise the epoch on one session id', live, async () => {
  const session = new sdk.LicenseSession({ endpoint, key: env.LIPSYNC_DEV_KEY, origin: 'http://localhost:3000', userId: 'web-sdk-live' });
  const first = await session.init();
  assert.equal(session.status, 'ready');
  assert.equal(first.epoch, 1);
  assert.equal(first.keyType, 'dev');
  const second = await session.refresh();
  const third = await session.refresh();
  session.close();
  assert.deepEqual([second.epoch, third.epoch], [2, 3]);
  const sid = (jws) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString()).sid;
  assert.equal(sid(third.license), sid(first.license));
});

test('a made-up key is a RefusedError invalid_api_key with its request id', live, async () => {
  const session = new sdk.LicenseSession({ endpoint, key: 'lsk_pub_' + 'x'.repeat(32), origin: env.LIPSYNC_PUB_ORIGIN });
  await assert.rejects(session.init(), (e) => e instanceof sdk.RefusedError && e.code === 'invalid_api_key' && e.status === 401 && typeof e.requestId === 'string' && e.requestId.length > 0);
  assert.equal(session.status, 'error');
});

test('a pub key from an origin not on the allow-list is refused with origin_not_allowed', live, async () => {
  const session = new sdk.LicenseSession({ endpoint, key: env.LIPSYNC_PUB_KEY, origin: 'https://attacker.invalid' });
  try {
    await assert.rejects(session.init(), (e) => e instanceof sdk.RefusedError && e.code === 'origin_not_allowed');
  } finally {
    session.close();
  }
});

test('a session id the server never sealed is refused on refresh with session_expired', live, async () => {
  const session = new sdk.LicenseSession({ endpoint, key: env.LIPSYNC_DEV_KEY, origin: 'http://localhost:3000' });
  await session.init();
  // Tamper with the id the next refresh sends back.
  Object.defineProperty(session.license, 'sessionId', { value: 'ses_' + 'A'.repeat(60) });
  await assert.rejects(session.refresh(), (e) => e instanceof sdk.RefusedError && e.code === 'session_expired');
  assert.equal(session.status, 'refused');
});

test('a sec key turns a WAV file into a checked timeline (server side)', live, async () => {
  const audio = readFileSync(new URL('../../../samples/audio/hello.wav', import.meta.url));
  const timeline = await sdk.createTimeline({ endpoint, key: env.LIPSYNC_SEC_KEY }, new Uint8Array(audio), 'audio/wav');
  assert.equal(timeline.version, 1);
  assert.ok(timeline.durationMs > 500);
  assert.ok(timeline.cues.length > 3);
  assert.ok(timeline.cues.some((c) => c.v !== 0));
});
