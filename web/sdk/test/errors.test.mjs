import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from '../dist/lipsync.js';

const served = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'))['x-lipsync-errors'];

test('every catalogue code in an answer becomes the class, retryability and next step the server gives it', () => {
  assert.ok(served.length > 30);
  for (const entry of served) {
    const status = entry.status || 500;
    const error = sdk.errorFromResponse(status, JSON.stringify({ code: entry.code, message: 'm' }), new Headers());
    assert.ok(error instanceof sdk.LipsyncError, entry.code);
    assert.equal(error.constructor.name, entry.class, entry.code);
    assert.equal(error.status, status, entry.code);
    assert.equal(error.retryable, entry.retryable, entry.code);
    assert.equal(error.nextStep, entry.nextStep, entry.code);
  }
});

test('an error raised here, with nothing sent or no answer, has status 0', () => {
  assert.equal(sdk.createError('wrong_key_scope', 'not in a page').status, 0);
  assert.equal(sdk.createError('network_error', 'down').status, 0);
});

test('an envelope needs only a code, as in .NET: the message then comes from the catalogue', () => {
  const error = sdk.errorFromResponse(402, '{"code":"key_disabled","requestId":null}', new Headers({ 'x-request-id': 'h1' }));
  assert.ok(error instanceof sdk.RefusedError);
  assert.equal(error.code, 'key_disabled');
  assert.equal(error.requestId, 'h1');
  assert.ok(error.message.length > 0 && error.message !== 'key_disabled');
});

test('an envelope gives its code, message and request id; Retry-After is read', () => {
  const headers = new Headers({ 'retry-after': '7', 'x-request-id': 'from-header' });
  const error = sdk.errorFromResponse(403, JSON.stringify({ code: 'origin_not_allowed', message: 'nope', requestId: 'req-1' }), headers);
  assert.ok(error instanceof sdk.RefusedError);
  assert.equal(error.code, 'origin_not_allowed');
  assert.equal(error.message, 'nope');
  assert.equal(error.requestId, 'req-1');
  assert.equal(error.status, 403);
  assert.equal(error.retryAfterSeconds, 7);
});

test('an answer without an envelope still has a code derived from its status, as in .NET', () => {
  const html = sdk.errorFromResponse(502, '<html>Bad gateway</html>', new Headers({ 'x-request-id': 'abc' }));
  assert.equal(html.code, 'unexpected_server_response');
  assert.ok(html instanceof sdk.NetworkError);
  assert.equal(html.requestId, 'abc');
  assert.equal(html.status, 502);

  assert.equal(sdk.errorFromResponse(429, '', new Headers()).code, 'rate_limited');
  assert.ok(sdk.errorFromResponse(429, '', new Headers()) instanceof sdk.LicenseError);
  assert.equal(sdk.errorFromResponse(503, 'busy', new Headers()).code, 'service_unavailable');
  assert.equal(sdk.errorFromResponse(418, '{"code":1}', new Headers()).code, 'unexpected_client_response');
});

test('an unknown code is still a LipsyncError with its code; from a 5xx or 429 it is retryable, as in .NET', () => {
  const client = sdk.errorFromResponse(400, '{"code":"from_the_future","message":"new server"}', new Headers());
  assert.equal(client.constructor, sdk.LipsyncError);
  assert.equal(client.code, 'from_the_future');
  assert.equal(client.retryable, false);

  const server = sdk.errorFromResponse(503, '{"code":"from_the_future","message":"new server"}', new Headers());
  assert.ok(server instanceof sdk.NetworkError);
  assert.equal(server.retryable, true);
  assert.equal(sdk.errorFromResponse(429, '{"code":"slow_down_new"}', new Headers()).retryable, true);
});
