import type { IncomingHttpHeaders } from 'node:http';
import type { HeaderMap } from '../../../shared/src/model/logs.ts';

/** Hop-by-hop headers (RFC 9110 §7.6.1): never forwarded in either direction. */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Request headers the relay drops before calling Avvance: hop-by-hop and framing (recomputed), the target
 * (`Host` and every forwarding header: the upstream is fixed by configuration), browser credentials and
 * relay credentials (the relay injects the partner's token), browser context, and `Accept-Encoding` (the
 * relay asks for identity bodies so it can capture them). `Correlation-ID` is set by the relay.
 */
export const STRIPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  ...HOP_BY_HOP_HEADERS,
  'host',
  'content-length',
  'expect',
  'authorization',
  'cookie',
  'cookie2',
  'x-api-key',
  'api-key',
  'apikey',
  'x-relay-key',
  'x-workbench-session',
  'x-csrf-token',
  'x-xsrf-token',
  'origin',
  'referer',
  'forwarded',
  'via',
  'x-real-ip',
  'x-client-cert',
  'x-http-method-override',
  'x-original-url',
  'x-rewrite-url',
  'accept-encoding',
  'correlation-id',
]);

/** Prefixes of stripped request header names (`X-Forwarded-*`, browser fetch metadata `Sec-*`). */
const STRIPPED_PREFIXES = ['x-forwarded-', 'sec-', 'proxy-', 'x-amzn-', 'cf-'] as const;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const BAD_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Longest header value accepted, in characters. */
export const MAX_HEADER_VALUE = 8192;

/** Sanitised request headers, or why a header was refused. */
export type HeaderCheck = { ok: true; headers: Record<string, string> } | { ok: false; reason: string };

function stripped(lower: string, connectionListed: ReadonlySet<string>): boolean {
  return (
    STRIPPED_REQUEST_HEADERS.has(lower) ||
    connectionListed.has(lower) ||
    STRIPPED_PREFIXES.some((p) => lower.startsWith(p))
  );
}

/**
 * Sanitises caller headers for an upstream call: refuses malformed names and values with CR/LF/NUL
 * (header injection), drops {@link STRIPPED_REQUEST_HEADERS} (and names listed in `Connection`), keeps
 * everything else (Avvance's `partner-ID`, `merchantId`/`Merchant-ID`, `Content-Type`, `Accept`…) with its
 * casing. Repeated values are joined with `, `.
 */
export function sanitizeRequestHeaders(
  input: Readonly<Record<string, string | readonly string[] | undefined>>,
): HeaderCheck {
  const connection = Object.entries(input).find(([k]) => k.toLowerCase() === 'connection')?.[1];
  const listed = new Set(
    (typeof connection === 'string' ? connection : (connection ?? []).join(','))
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    if (!TOKEN.test(name))
      return { ok: false, reason: `invalid header name ${JSON.stringify(name.slice(0, 64))}` };
    const lower = name.toLowerCase();
    const value = typeof raw === 'string' ? raw : raw.join(', ');
    if (BAD_VALUE.test(value) || value.length > MAX_HEADER_VALUE)
      return { ok: false, reason: `header "${name}" holds control characters or is too long` };
    if (stripped(lower, listed)) continue;
    if (seen.has(lower)) return { ok: false, reason: `header "${name}" given twice` };
    seen.add(lower);
    out[name] = value.trim();
  }
  return { ok: true, headers: out };
}

/** True when a header map (any casing) has `name`. */
export function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === lower);
}

/** The value of `name` in a header map (any casing). */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * Upstream response headers as forwarded to a pass-through caller: hop-by-hop headers and names listed in
 * `Connection` removed; everything else as received.
 */
export function forwardableResponseHeaders(raw: IncomingHttpHeaders): Record<string, string | string[]> {
  const connection = raw.connection;
  const listed = new Set(
    (Array.isArray(connection) ? connection.join(',') : (connection ?? ''))
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name) || listed.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Lower-cased {@link HeaderMap} for the exchange model (`Set-Cookie` joined with `\n`, others with `, `). */
export function toHeaderMap(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const text = typeof value === 'string' ? value : value.join(lower === 'set-cookie' ? '\n' : ', ');
    out[lower] = out[lower] === undefined ? text : `${out[lower]}, ${text}`;
  }
  return out;
}
