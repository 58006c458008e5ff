import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from '../dist/lipsync.js';

const served = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'))['x-lipsync-errors'];

test('every catalogue code becomes the class, status, retryability and next step the server gives it', () => {
  assert.ok(served.length > 30);
  for (const entry of served) {
    const error = sdk.createError(entry.code);
    assert.ok(error instanceof sdk.LipsyncError, entry.code);
    assert.equal(error.constructor.name, entry.class, entry.code);
    assert.equal(error.status, entry.status, entry.code);
    assert.equal(error.retryable, entry.retryable, entry.code);
    assert.equal(error.nextStep, entry.nextStep, entry.code);
  }
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

test('an unknown code is still a LipsyncError with its code', () => {
  const error = sdk.createError('from_the_future', 'new server');
  assert.equal(error.constructor, sdk.LipsyncError);
  assert.equal(error.code, 'from_the_future');
  assert.equal(error.retryable, false);
});
