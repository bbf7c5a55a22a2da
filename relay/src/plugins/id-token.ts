/**
 * Verifies an OIDC ID token (JWS) against the issuer's JWKS with node:crypto: signature (RS256, PS256,
 * ES256), `iss`, `aud`/`azp`, `exp`, `iat`. Problems are returned as data.
 */
import { createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';

/** Accepted ID-token signature algorithms (never `none`, never HMAC with a client secret). */
export const ID_TOKEN_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

/** Clock skew tolerated on `exp`/`iat`, seconds. */
export const ID_TOKEN_LEEWAY_SECONDS = 60;

/** Result of {@link verifyIdToken}. */
export type IdTokenResult = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

/** What the token must match. */
export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** Keys of the issuer (`jwks_uri`). */
  keys: readonly (JsonWebKey & { kid?: string; alg?: string; use?: string })[];
  /** Epoch ms. Defaults to `Date.now()`. */
  now?: number;
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function keyFor(keys: IdTokenExpectations['keys'], kid: unknown, alg: string): KeyObject | undefined {
  const kty = alg.startsWith('ES') ? 'EC' : 'RSA';
  const candidates = keys.filter(
    (k) => k.kty === kty && (k.use === undefined || k.use === 'sig') && (kid === undefined || k.kid === kid),
  );
  const jwk = candidates[0];
  if (!jwk || (kid === undefined && candidates.length > 1)) return undefined;
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** Verifies `token`'s signature and standard claims. */
export function verifyIdToken(token: string, expect: IdTokenExpectations): IdTokenResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'the ID token is not a JWS' };
  const [h, p, s] = parts as [string, string, string];
  const header = decodePart(h);
  const claims = decodePart(p);
  if (!header || !claims) return { ok: false, reason: 'the ID token is malformed' };
  const alg = header['alg'];
  if (typeof alg !== 'string' || !(ID_TOKEN_ALGORITHMS as readonly string[]).includes(alg)) {
    return { ok: false, reason: `ID token algorithm ${String(alg)} is not accepted` };
  }
  const key = keyFor(expect.keys, header['kid'], alg);
  if (!key) return { ok: false, reason: 'no issuer key matches the ID token' };
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const valid =
    alg === 'ES256'
      ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
      : alg === 'PS256'
        ? verify('sha256', data, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }, signature)
        : verify('sha256', data, key, signature);
  if (!valid) return { ok: false, reason: 'the ID token signature is invalid' };

  const now = Math.floor((expect.now ?? Date.now()) / 1000);
  if (claims['iss'] !== expect.issuer)
    return { ok: false, reason: 'the ID token was issued by another issuer' };
  const aud = claims['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expect.clientId))
    return { ok: false, reason: 'the ID token is for another client' };
  if (audiences.length > 1 && claims['azp'] !== expect.clientId)
    return { ok: false, reason: 'the ID token is for another authorized party' };
  const exp = claims['exp'];
  if (typeof exp !== 'number' || exp + ID_TOKEN_LEEWAY_SECONDS < now)
    return { ok: false, reason: 'the ID token expired' };
  const iat = claims['iat'];
  if (typeof iat === 'number' && iat - ID_TOKEN_LEEWAY_SECONDS > now)
    return { ok: false, reason: 'the ID token was issued in the future' };
  if (typeof claims['sub'] !== 'string' || claims['sub'] === '')
    return { ok: false, reason: 'the ID token has no sub' };
  return { ok: true, claims };
}
