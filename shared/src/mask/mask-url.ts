/**
 * URL and form masking: query/form values by key and shape, path segments by shape, userinfo
 * redacted; scheme, host and port are kept. Never throws: unparsable input is treated as a path.
 */
import { normaliseKey } from './key-rules.ts';
import { RULES } from './key-table.ts';
import { type MaskContext, RawSegment } from './mask-context.ts';
import { maskFreeText, maskStringByRule } from './mask-value.ts';
import { REDACTED } from './tokens.ts';

function isSchemeChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46
  );
}

/** First index of `?` or `#` at or after `from` (`s.length` when neither). */
function queryOrFragmentAt(s: string, from: number): number {
  const q = s.indexOf('?', from);
  const h = s.indexOf('#', from);
  return q < 0 ? (h < 0 ? s.length : h) : h < 0 || q < h ? q : h;
}

/**
 * Splits a URL into scheme (with `:`), authority (with `//`), path, query (with `?`) and fragment
 * (with `#`), each `''` when absent, exactly as
 * `/^([A-Za-z][A-Za-z0-9+.-]*:)?(\/\/[^/?#]*)?([^?#]*)(\?[^#]*)?(#[\s\S]*)?$/` would (every part is
 * optional, so relative URLs and garbage parse as a path), with indexOf instead of a regex per URL.
 */
export function urlParts(url: string): [string, string, string, string, string] {
  let i = 0;
  const c0 = url.charCodeAt(0);
  if ((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90)) {
    let j = 1;
    while (j < url.length && isSchemeChar(url.charCodeAt(j))) j++;
    if (url.charCodeAt(j) === 58) i = j + 1;
  }
  const scheme = url.slice(0, i);
  let authority = '';
  if (url.charCodeAt(i) === 47 && url.charCodeAt(i + 1) === 47) {
    let end = queryOrFragmentAt(url, i + 2);
    const slash = url.indexOf('/', i + 2);
    if (slash >= 0 && slash < end) end = slash;
    authority = url.slice(i, end);
    i = end;
  }
  const pathEnd = queryOrFragmentAt(url, i);
  const path = url.slice(i, pathEnd);
  const hash = url.indexOf('#', pathEnd);
  const fragmentAt = hash < 0 ? url.length : hash;
  return [scheme, authority, path, url.slice(pathEnd, fragmentAt), url.slice(fragmentAt)];
}
const NEEDS_ENCODING = /[%&=#+?/\s"<>\\^`{|}]/g;

/**
 * Segment names (normalised) whose next path segment is a known id, not PII
 * (`/v1/merchants/8025491732`).
 */
export const ID_COLLECTIONS: ReadonlySet<string> = new Set([
  'merchants',
  'merchant',
  'merchantid',
  'mids',
  'mid',
  'terminalid',
  'terminals',
  'loans',
  'checkouts',
  'applications',
  'transactions',
  'prequalifications',
  'invoices',
  'orders',
  'products',
]);

function decode(raw: string, plusIsSpace: boolean): string {
  const text = plusIsSpace ? raw.replace(/\+/g, ' ') : raw;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch (e: unknown) {
    if (!(e instanceof URIError)) throw e;
    return text;
  }
}

function encode(text: string): string {
  return text.replace(NEEDS_ENCODING, (c) => encodeURIComponent(c));
}

/**
 * Masks an `a=1&b=2` string (URL query, fragment parameters or an
 * `application/x-www-form-urlencoded` body), keeping keys, order and untouched pairs byte for byte.
 * Findings are `<label>:<key>` under the current path.
 */
export function maskQueryIn(ctx: MaskContext, query: string, label: string): string {
  if (query === '') return query;
  const parts = query.split('&');
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const key = decode(rawKey, true);
    if (ctx.recording) ctx.push(new RawSegment(`${label}:${key}`));
    let next: string;
    if (eq < 0) {
      // A bare `?john@acme.com` has no key: scan it as a value.
      const masked = maskFreeText(ctx, key);
      next = masked === key ? part : encode(masked);
    } else {
      const value = decode(part.slice(eq + 1), true);
      const rule = ctx.rules.resolve(key, '');
      const masked = rule === RULES.url ? maskUrlIn(ctx, value) : maskStringByRule(ctx, rule, value);
      next = masked === value ? part : `${rawKey}=${encode(masked)}`;
    }
    ctx.pop();
    if (next !== part) {
      parts[i] = next;
      changed = true;
    }
  }
  return changed ? parts.join('&') : query;
}

function maskPath(ctx: MaskContext, path: string): string {
  if (path === '' || path === '/') return path;
  // Segments are walked with indexOf (no split array); only changed segments are rebuilt.
  let out = '';
  let copied = 0;
  let previous = '';
  let start = path.startsWith('/') ? 1 : 0;
  for (let i = 0; ; i++) {
    const slash = path.indexOf('/', start);
    const end = slash < 0 ? path.length : slash;
    const raw = path.slice(start, end);
    const text = decode(raw, false);
    if (raw !== '') {
      if (ctx.recording) ctx.push(new RawSegment(`path[${i}]`));
      const masked = maskFreeText(ctx, text, ID_COLLECTIONS.has(previous) ? 'textual' : 'all');
      ctx.pop();
      if (masked !== text) {
        out += path.slice(copied, start) + encode(masked);
        copied = end;
      }
    }
    if (slash < 0) break;
    previous = normaliseKey(text);
    start = slash + 1;
  }
  return copied === 0 ? path : out + path.slice(copied);
}

function maskAuthority(ctx: MaskContext, authority: string): string {
  const at = authority.lastIndexOf('@');
  if (at < 0) return authority;
  const userinfo = authority.slice(2, at);
  if (ctx.recording) ctx.push(new RawSegment('userinfo'));
  ctx.report('secret', userinfo !== REDACTED);
  ctx.pop();
  return `//${REDACTED}@${authority.slice(at + 1)}`;
}

function maskFragment(ctx: MaskContext, fragment: string): string {
  const body = fragment.slice(1);
  if (body.includes('=')) return `#${maskQueryIn(ctx, body, 'fragment')}`;
  if (ctx.recording) ctx.push(new RawSegment('fragment'));
  const text = decode(body, false);
  const masked = maskFreeText(ctx, text);
  ctx.pop();
  return masked === text ? fragment : `#${encode(masked)}`;
}

/**
 * Masks a URL (absolute, relative, or not a URL at all) under the current path. Findings:
 * `userinfo`, `path[i]` (i counts segments after the leading `/`), `query:<key>`,
 * `fragment:<key>` or `fragment`.
 */
export function maskUrlIn(ctx: MaskContext, url: string): string {
  const [scheme, authority, path, query, fragment] = urlParts(url);
  const a = maskAuthority(ctx, authority);
  const p = maskPath(ctx, path);
  const q = query === '' ? query : `?${maskQueryIn(ctx, query.slice(1), 'query')}`;
  const f = fragment === '' ? fragment : maskFragment(ctx, fragment);
  return a === authority && p === path && q === query && f === fragment ? url : scheme + a + p + q + f;
}
