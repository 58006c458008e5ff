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

/** Where an edge is and how it is reached, without a key (enough for its public routes). */
export type Edge = Pick<EndpointOptions, 'endpoint' | 'fetch' | 'timeoutMs'>;

/** One call: the answer's text, or the `LipsyncError` its envelope (or its absence) names. */
export async function sendText(options: EndpointOptions, method: string, path: string, body: BodyInit | undefined, contentType: string | undefined, signal?: AbortSignal): Promise<string> {
  guardKey(options.key);
  const headers: Record<string, string> = { Authorization: `Bearer ${options.key}` };
  if (contentType) headers['Content-Type'] = contentType;
  if (options.origin && !inBrowser()) headers['Origin'] = options.origin;
  return exchange(options, method, path, headers, body, signal);
}

/** One call: a JSON answer, or the `LipsyncError` its envelope (or its absence) names. */
export async function send(options: EndpointOptions, method: string, path: string, body: BodyInit | undefined, contentType: string | undefined, signal?: AbortSignal): Promise<unknown> {
  return parseJson(await sendText(options, method, path, body, contentType, signal));
}

/** A GET of a public route (the JWKS, the model manifest): no key, and so no preflight from a page. */
export async function getPublic(edge: Edge, path: string, signal?: AbortSignal): Promise<unknown> {
  return parseJson(await exchange(edge, 'GET', path, {}, undefined, signal));
}

/** `path` (relative, as every route the SDK calls) under the edge's endpoint, which may carry a path prefix. */
export function urlOf(endpoint: string, path: string): URL {
  return new URL(path.replace(/^\/+/, ''), endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
}

async function exchange(edge: Edge, method: string, path: string, headers: Record<string, string>, body: BodyInit | undefined, signal: AbortSignal | undefined): Promise<string> {
  const fetchImpl = edge.fetch ?? globalThis.fetch;
  const timeout = AbortSignal.timeout(edge.timeoutMs ?? 30_000);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(urlOf(edge.endpoint, path), {
      method, headers, credentials: 'omit', signal: combined, ...(body === undefined ? {} : { body }),
    });
    text = await response.text();
  } catch (e) {
    if (signal?.aborted) throw e;
    const reason = timeout.aborted ? `no answer within ${edge.timeoutMs ?? 30_000} ms` : (e as Error).message;
    throw createError('network_error', `The backend could not be reached: ${reason}`, { cause: e });
  }

  if (!response.ok) throw errorFromResponse(response.status, text, response.headers);
  return text;
}

function parseJson(text: string): unknown {
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
