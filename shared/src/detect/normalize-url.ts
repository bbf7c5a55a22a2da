import { normalizeHost } from './host-glob.ts';

/** A URL reduced to what detection rules look at. */
export interface NormalizedUrl {
  /** Lower-case host name without trailing dot; IPv6 in brackets (`[::1]`). */
  host: string;
  /** Effective port: the explicit one, else the scheme default (`80`, `443`). */
  port: string;
  /** Path as the URL parser left it (dot segments resolved, percent-encoding kept), lower case. */
  rawPath: string;
  /** Path percent-decoded (including `%2F`), dot segments resolved, repeated slashes collapsed, lower case. */
  decodedPath: string;
  /**
   * `scheme://host[:port]` + decoded path (case kept) + query, for regex rules; host lower-cased, no
   * userinfo, no fragment.
   */
  href: string;
  /** Same as `href` with the raw (still percent-encoded) path. */
  rawHref: string;
}

/** Longest URL examined; longer ones are not Avvance calls anyone needs detected. */
export const MAX_URL_LENGTH = 65_536;

/**
 * Parses an absolute http(s) URL for detection; `null` for relative, garbage, over-long or non-http URLs
 * (`chrome-extension:`, `data:`, `blob:`…). Never throws.
 */
export function normalizeUrl(url: string): NormalizedUrl | null {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return null;
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = normalizeHost(parsed.hostname);
  if (host === '') return null;
  const rawPath = parsed.pathname.toLowerCase();
  const decoded = resolvePath(percentDecode(parsed.pathname));
  const authority = parsed.port === '' ? host : `${host}:${parsed.port}`;
  return {
    host,
    port: parsed.port !== '' ? parsed.port : parsed.protocol === 'https:' ? '443' : '80',
    rawPath,
    decodedPath: decoded.toLowerCase(),
    href: `${parsed.protocol}//${authority}${decoded}${parsed.search}`,
    rawHref: `${parsed.protocol}//${authority}${parsed.pathname}${parsed.search}`,
  };
}

/** Decodes `%XX` sequences as UTF-8; invalid sequences stay as they were. */
export function percentDecode(path: string): string {
  if (!path.includes('%')) return path;
  return path.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch (e: unknown) {
      // Malformed UTF-8 in an attacker-chosen path: keep the bytes encoded rather than fail detection.
      if (e instanceof URIError) return run;
      throw e;
    }
  });
}

/** Resolves `.`/`..` segments and collapses repeated slashes (`/a//b/../c` → `/a/c`). */
export function resolvePath(path: string): string {
  const out: string[] = [];
  const segments = path.replace(/\\/g, '/').split('/');
  for (const seg of segments) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const trailing = path.length > 1 && (path.endsWith('/') || path.endsWith('/.') || path.endsWith('/..'));
  const joined = '/' + out.join('/');
  return trailing && joined !== '/' ? joined + '/' : joined;
}
