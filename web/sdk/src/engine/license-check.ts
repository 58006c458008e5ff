import { createError } from '../errors.js';
import type { Jwks } from '../generated/wire.js';

/** The claims an on-device engine relies on (the edge signs more). */
export interface LicenseClaims {
  readonly sid: string;
  readonly origin?: string;
  readonly epoch: number;
  readonly exp: number;
}

/** A device clock this far ahead of the edge's still accepts a fresh license (licenses live 5 minutes). */
export const clockLeewaySeconds = 60;

/**
 * Verifies a license the way the engine must before it runs: a compact JWS signed ES256 by a key of the
 * edge's JWKS (WebCrypto), not expired at `nowMs`, and issued for `origin` (the page's origin; a
 * license issued for no origin, to a server, is refused in a page). Anything else is `license_invalid`.
 */
export async function verifyLicense(license: string, jwks: Jwks, origin: string | undefined, nowMs: number): Promise<LicenseClaims> {
  const invalid = (why: string): Error => createError('license_invalid', `The license did not verify: ${why}.`);
  const parts = license.split('.');
  if (parts.length !== 3) throw invalid('it is not a compact JWS');
  let header: { alg?: unknown; kid?: unknown };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(utf8(base64Url(parts[0]!))) as typeof header;
    claims = JSON.parse(utf8(base64Url(parts[1]!))) as Record<string, unknown>;
  } catch {
    throw invalid('its header or claims are not base64url JSON');
  }
  if (header.alg !== 'ES256') throw invalid(`its algorithm is ${String(header.alg)}, not ES256`);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw invalid(`no key of the edge's JWKS has kid ${String(header.kid)}`);
  if (typeof crypto === 'undefined' || !crypto.subtle) throw invalid('WebCrypto is not available here (a page must be a secure context: https or localhost)');

  let verified: boolean;
  try {
    const key = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const signature = base64Url(parts[2]!);
    // JWS ES256 signatures are r || s (64 bytes), the format WebCrypto verifies.
    verified = signature.length === 64 && await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
  } catch (e) {
    throw invalid(`its key or signature cannot be read (${(e as Error).message})`);
  }
  if (!verified) throw invalid('its signature does not match');

  const exp = claims['exp'];
  if (typeof exp !== 'number' || (exp + clockLeewaySeconds) * 1000 <= nowMs) throw invalid('it has expired');
  if (typeof claims['sid'] !== 'string' || typeof claims['epoch'] !== 'number') throw invalid('it lacks sid or epoch');
  const claimed = typeof claims['origin'] === 'string' ? claims['origin'] : undefined;
  if (origin !== undefined && claimed !== origin) throw invalid(`it was issued for ${claimed ?? 'no origin'}, not ${origin}`);
  return { sid: claims['sid'], epoch: claims['epoch'], exp, ...(claimed === undefined ? {} : { origin: claimed }) };
}

function base64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
