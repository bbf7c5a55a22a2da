import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebhookAuthConfig } from '../config/types.ts';

/** Default HMAC timestamp tolerance: 5 minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Outcome of checking a delivery's credentials. `challenge` goes into `WWW-Authenticate`. */
export type WebhookAuthResult = { ok: true } | { ok: false; reason: string; challenge?: string };

const REALM = 'realm="Avvance Webhook"';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Constant-time comparison that leaks neither content nor length: both sides are hashed first, so the
 * compared buffers always have the same length.
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * `sha256=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>`, or of the body alone when `timestamp` is
 * undefined, as the sandbox signs (relay/src/sandbox/webhooks.ts).
 */
export function webhookSignature(
  secret: string,
  timestamp: string | undefined,
  rawBody: Buffer | string,
): string {
  const hmac = createHmac('sha256', secret);
  if (timestamp !== undefined) hmac.update(`${timestamp}.`);
  return `sha256=${hmac.update(rawBody).digest('hex')}`;
}

/**
 * Verifies a delivery against the partner's configured mode: HTTP Basic (what Avvance sends today),
 * Bearer (`Authorization: Bearer` or `X-Avvance-Token`), or HMAC-SHA256 over `timestamp + "." + rawBody`
 * with `X-Avvance-Timestamp` within the tolerance (over the raw body alone when `timestamped` is false).
 * Reasons never quote the presented credentials.
 */
export function verifyWebhookAuth(
  auth: WebhookAuthConfig,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  nowMs: number,
): WebhookAuthResult {
  switch (auth.type) {
    case 'basic': {
      const challenge = `Basic ${REALM}`;
      const value = header(headers, 'authorization');
      const m = value ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value) : null;
      if (!m?.[1]) return { ok: false, reason: 'missing HTTP Basic credentials', challenge };
      const decoded = Buffer.from(m[1], 'base64').toString('utf8');
      return safeEqual(decoded, `${auth.username}:${auth.password}`)
        ? { ok: true }
        : { ok: false, reason: 'wrong username or password', challenge };
    }
    case 'bearer': {
      const challenge = `Bearer ${REALM}`;
      const authz = header(headers, 'authorization');
      const bearer = authz && /^Bearer\s+/i.test(authz) ? authz.replace(/^Bearer\s+/i, '').trim() : undefined;
      const token = bearer ?? header(headers, 'x-avvance-token')?.trim();
      if (!token) return { ok: false, reason: 'missing Bearer token or X-Avvance-Token', challenge };
      return safeEqual(token, auth.token) ? { ok: true } : { ok: false, reason: 'wrong token', challenge };
    }
    case 'hmac': {
      const sig = header(headers, 'x-webhook-signature')?.trim().toLowerCase();
      const ts = header(headers, 'x-avvance-timestamp')?.trim();
      if (!sig) return { ok: false, reason: 'missing X-Webhook-Signature' };
      if (!auth.timestamped)
        return safeEqual(sig, webhookSignature(auth.secret, undefined, rawBody))
          ? { ok: true }
          : { ok: false, reason: 'bad signature' };
      if (!ts || !/^\d{1,12}$/.test(ts))
        return {
          ok: false,
          reason:
            'missing or malformed X-Avvance-Timestamp (this partner requires timestamped signatures: sign timestamp + "." + body, or set "timestamped": false in its webhook setting)',
        };
      const tolerance = auth.toleranceSeconds > 0 ? auth.toleranceSeconds : DEFAULT_TOLERANCE_SECONDS;
      if (Math.abs(nowMs / 1000 - Number(ts)) > tolerance)
        return { ok: false, reason: `timestamp outside the ${tolerance}-second tolerance` };
      return safeEqual(sig, webhookSignature(auth.secret, ts, rawBody))
        ? { ok: true }
        : { ok: false, reason: 'bad signature' };
    }
  }
}
