import { createError, errorFromResponse, type LipsyncError } from './errors.js';
import type { JsonType } from './generated/wire.js';

/** Where and how to reach the backend. */
export interface EndpointOptions {
  /** The backend's base URL, e.g. `https://lipsync.example.com` or `http://127.0.0.1:7071`. */
  readonly endpoint: string;
  /** An API key: `lsk_pub_`/`lsk_dev_` in pages, `lsk_sec_` only on servers. */
  readonly key: string;
  /** Outside a browser: the origin to present (browsers send their own). */
  readonly origin?: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  readonly fetch?: typeof fetch;
  /** Longest a call may take before it fails with `network_error` (default 30,000 ms). */
  readonly timeoutMs?: number;
}

/** True in a page or a worker of a browser (where a secret key would be readable by anyone). */
export function inBrowser(): boolean {
  const g = globalThis as Record<string, unknown>;
  return typeof g['window'] !== 'undefined' || typeof g['WorkerGlobalScope'] !== 'undefined' || typeof g['importScripts'] === 'function';
}

/** Refuses, before anything is sent, to use a secret key from a browser page. */
export function guardKey(key: string): void {
  if (key.startsWith('lsk_sec_') && inBrowser()) {
    throw createError('wrong_key_scope', 'A secret (lsk_sec_) key must never be used in a browser page: anyone can read it there. Use a pub or dev key in the page and keep the secret key on your server.');
  }
}

/** One call: the answer's text, or the `LipsyncError` its envelope (or its absence) names. */
export async function sendText(options: EndpointOptions, method: string, path: string, body: BodyInit | undefined, contentType: string | undefined, signal?: AbortSignal): Promise<string> {
  guardKey(options.key);
  const headers: Record<string, string> = { Authorization: `Bearer ${options.key}` };
  if (contentType) headers['Content-Type'] = contentType;
  if (options.origin && !inBrowser()) headers['Origin'] = options.origin;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(new URL(path, withSlash(options.endpoint)), {
      method, headers, credentials: 'omit', signal: combined, ...(body === undefined ? {} : { body }),
    });
    text = await response.text();
  } catch (e) {
    if (signal?.aborted) throw e;
    const reason = timeout.aborted ? `no answer within ${options.timeoutMs ?? 30_000} ms` : (e as Error).message;
    throw createError('network_error', `The backend could not be reached: ${reason}`, { cause: e });
  }

  if (!response.ok) throw errorFromResponse(response.status, text, response.headers);
  return text;
}

/** One call: a JSON answer, or the `LipsyncError` its envelope (or its absence) names. */
export async function send(options: EndpointOptions, method: string, path: string, body: BodyInit | undefined, contentType: string | undefined, signal?: AbortSignal): Promise<unknown> {
  const text = await sendText(options, method, path, body, contentType, signal);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw createError('unexpected_server_response', 'The answer is not JSON.', { cause: e });
  }
}

/** A JSON POST. */
export function postJson(options: EndpointOptions, path: string, value: unknown, signal?: AbortSignal): Promise<unknown> {
  return send(options, 'POST', path, JSON.stringify(value), 'application/json', signal);
}

/**
 * Checks an answer against the required fields of its schema in the OpenAPI document
 * (`requiredFields` in the generated wire types): the value is typed as `T` only when they are all
 * there with their JSON types; otherwise `unexpected_server_response`.
 */
export function readAs<T>(value: unknown, fields: Readonly<Record<string, JsonType>>, what: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(what);
  const record = value as Record<string, unknown>;
  for (const [name, type] of Object.entries(fields)) {
    if (!hasJsonType(record[name], type)) throw malformed(what);
  }
  return value as T;
}

function hasJsonType(v: unknown, type: JsonType): boolean {
  switch (type) {
    case 'any': return v !== undefined;
    case 'integer': return Number.isInteger(v);
    case 'array': return Array.isArray(v);
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    default: return typeof v === type;
  }
}

/** An answer that lacks a field the contract promises. */
export function malformed(what: string): LipsyncError {
  return createError('unexpected_server_response', `The ${what} answer does not have the contract's shape.`);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
