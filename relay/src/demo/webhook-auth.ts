import { createHmac, timingSafeEqual } from 'node:crypto';

/** How the demo store authenticates Avvance's webhooks (the same three modes the sandbox can send). */
export type DemoWebhookAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string; header?: 'Authorization' | 'X-Avvance-Token' }
  | { type: 'hmac'; secret: string; timestamped?: boolean };

/** Result of checking one webhook request. */
export type WebhookAuthResult = { ok: true } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Constant-time string comparison (length leaks only). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Verifies a webhook's credentials against the configured mode. `rawBody` is needed for HMAC. */
export function verifyWebhookAuth(
  auth: DemoWebhookAuth,
  headers: Headers,
  rawBody: string,
): WebhookAuthResult {
  switch (auth.type) {
    case 'basic': {
      const value = header(headers, 'authorization');
      if (!value) return { ok: false, reason: 'missing Authorization header' };
      const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value);
      if (!m?.[1]) return { ok: false, reason: 'Authorization is not Basic' };
      const decoded = Buffer.from(m[1], 'base64').toString('utf8');
      const expected = `${auth.username}:${auth.password}`;
      return safeEqual(decoded, expected)
        ? { ok: true }
        : { ok: false, reason: 'wrong username or password' };
    }
    case 'bearer': {
      const name = auth.header ?? 'Authorization';
      const raw = header(headers, name) ?? header(headers, name === 'Authorization' ? 'x-avvance-token' : '');
      if (!raw) return { ok: false, reason: `missing ${name} header` };
      const token = raw.replace(/^Bearer\s+/i, '');
      return safeEqual(token, auth.token) ? { ok: true } : { ok: false, reason: 'wrong token' };
    }
    case 'hmac': {
      const sig = header(headers, 'x-webhook-signature');
      if (!sig) return { ok: false, reason: 'missing X-Webhook-Signature header' };
      let signed = rawBody;
      if (auth.timestamped) {
        const ts = header(headers, 'x-avvance-timestamp');
        if (!ts) return { ok: false, reason: 'missing X-Avvance-Timestamp header' };
        signed = `${ts}.${rawBody}`;
      }
      const expected = `sha256=${createHmac('sha256', auth.secret).update(signed).digest('hex')}`;
      return safeEqual(sig.trim().toLowerCase(), expected)
        ? { ok: true }
        : { ok: false, reason: 'bad signature' };
    }
  }
}

/** Auth description safe to show or log (no secrets). */
export function describeWebhookAuth(auth: DemoWebhookAuth): string {
  switch (auth.type) {
    case 'basic':
      return `HTTP Basic (user ${auth.username})`;
    case 'bearer':
      return `Bearer token in ${auth.header ?? 'Authorization'}`;
    case 'hmac':
      return `HMAC-SHA256 X-Webhook-Signature${auth.timestamped ? ' (timestamped)' : ''}`;
  }
}
