/**
 * SSRF-safe upstream URLs. A replay or pass-through call names only a path (and a query); the origin is
 * always the configured upstream's. Paths are checked strictly, at every percent-decoding layer, because
 * Avvance paths are plain ASCII words, GUIDs and ids: anything else is refused, not repaired.
 */

/** Longest path (with its query) accepted. */
export const MAX_PATH_LENGTH = 2048;

/** How many percent-decoding layers are inspected; a path still changing after that is refused. */
export const MAX_DECODE_LAYERS = 3;

/** Characters allowed in the raw path: RFC 3986 `pchar` minus `:` and `@`, plus `/` and `%`. */
const RAW_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=%/]*$/;
/** Characters allowed in the raw query string (no `#`, whitespace or controls). */
const RAW_QUERY = /^[A-Za-z0-9\-._~!$&'()*+,;=%/:@?[\]]*$/;
/** Encoded separators: `%2f` (`/`) and `%5c` (`\`) would change the path's shape after decoding. */
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;

/** Result of {@link checkUpstreamPath}: the accepted path and raw query, or why it was refused. */
export type PathCheck = { ok: true; path: string; search: string } | { ok: false; reason: string };

function inspectLayer(layer: string): string | undefined {
  if (ENCODED_SEPARATOR.test(layer)) return 'encoded "/" or "\\" (%2f, %5c) is not allowed';
  if (/[\u0000-\u0020\u007f-\uffff]/.test(layer)) return 'whitespace, control or non-ASCII characters';
  if (layer.includes('\\')) return 'backslash is not allowed';
  if (layer.includes('@')) return '"@" (userinfo) is not allowed';
  if (layer.includes(':')) return '":" (scheme or port) is not allowed';
  if (layer.startsWith('//') || layer.includes('//')) return 'empty path segments ("//") are not allowed';
  for (const segment of layer.split('/')) {
    const bare = segment.replace(/;.*$/, '');
    if (bare === '.' || bare === '..') return 'dot segments ("." or "..") are not allowed';
  }
  return undefined;
}

/**
 * Checks a caller-supplied upstream path, optionally followed by `?query`. It must begin with a single
 * `/`, hold only URL path characters (no scheme, host, userinfo, port, backslash, whitespace or controls),
 * and stay so after up to {@link MAX_DECODE_LAYERS} rounds of percent-decoding (`%2e%2e`, `%252f`, `%40`…).
 * Returns the path unchanged (the upstream gets exactly what was checked) and the raw query.
 */
export function checkUpstreamPath(input: string): PathCheck {
  if (input.length === 0 || input.length > MAX_PATH_LENGTH)
    return { ok: false, reason: `path must be 1–${MAX_PATH_LENGTH} characters` };
  const q = input.indexOf('?');
  const path = q === -1 ? input : input.slice(0, q);
  const search = q === -1 ? '' : input.slice(q + 1);
  if (!path.startsWith('/')) return { ok: false, reason: 'path must begin with "/" (no absolute URLs)' };
  if (path.startsWith('//') || path.startsWith('/\\'))
    return { ok: false, reason: 'path must not begin with "//" (network-path reference)' };
  if (!RAW_PATH.test(path))
    return {
      ok: false,
      reason:
        'path may hold only URL path characters (no scheme, host, userinfo, port, "\\", whitespace or controls)',
    };
  if (!RAW_QUERY.test(search))
    return { ok: false, reason: 'query holds characters that must be percent-encoded' };
  let layer = path;
  for (let i = 0; ; i++) {
    const problem = inspectLayer(layer);
    if (problem)
      return { ok: false, reason: i === 0 ? problem : `${problem} (after ${i} decoding round(s))` };
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return { ok: false, reason: 'malformed percent-encoding' };
    }
    if (decoded === layer) break;
    if (i + 1 >= MAX_DECODE_LAYERS) return { ok: false, reason: 'too many layers of percent-encoding' };
    layer = decoded;
  }
  return { ok: true, path, search };
}

/** Query values as the replay body carries them. */
export type QueryInput = Readonly<Record<string, string | readonly string[]>>;

/**
 * Builds the upstream URL from the configured base (origin plus optional path prefix), a path accepted by
 * {@link checkUpstreamPath}, its raw query and extra query parameters. Throws if the result is not on the
 * base's exact origin or its path differs from the checked one (defence in depth: it cannot, by
 * construction).
 */
export function buildUpstreamUrl(base: URL, path: string, search = '', query?: QueryInput): URL {
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = new URL(`${base.origin}${prefix}${path}`);
  const params = new URLSearchParams(search);
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      for (const v of typeof value === 'string' ? [value] : value) params.append(key, v);
    }
  }
  const qs = params.toString();
  url.search = qs === '' ? '' : `?${qs}`;
  if (url.origin !== base.origin || url.pathname !== `${prefix}${path}` || url.username || url.password) {
    throw new Error('upstream URL escaped its origin');
  }
  return url;
}
