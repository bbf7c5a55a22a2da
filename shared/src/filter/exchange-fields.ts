/** Facts read off an exchange by several filters. All total: malformed input gives a neutral answer. */

import type { Exchange } from '../model/exchange.ts';
import type { HeaderMap } from '../model/logs.ts';

/** Host (lower case, no port or credentials) and path (no query or fragment) of a URL. */
export interface UrlParts {
  /** `''` for relative URLs. */
  host: string;
  /** `/` when the URL has an empty path. */
  path: string;
}

const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i;

/** Splits a URL without `new URL` (which throws, and costs more per row than a filter keystroke allows). */
export function urlParts(url: string): UrlParts {
  const match = AUTHORITY.exec(url);
  const authority = match?.[1] ?? '';
  const rest = match ? url.slice(match[0].length) : url;
  const end = rest.search(/[?#]/);
  const path = end < 0 ? rest : rest.slice(0, end);
  return { host: hostOf(authority), path: path === '' ? '/' : path };
}

function hostOf(authority: string): string {
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    return (close < 0 ? hostPort : hostPort.slice(0, close + 1)).toLowerCase();
  }
  const colon = hostPort.indexOf(':');
  return (colon < 0 ? hostPort : hostPort.slice(0, colon)).toLowerCase();
}

/** `JSON.stringify` that never throws (cycles, BigInt) and maps `undefined` to `''`. Strings pass as is. */
export function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined) return '';
  try {
    return JSON.stringify(body) ?? '';
  } catch (e) {
    // TypeError: cycle or BigInt; RangeError: nesting deeper than the stack.
    if (e instanceof TypeError || e instanceof RangeError) return '';
    throw e;
  }
}

/** Length of `text` encoded as UTF-8, without allocating the encoding. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Response body size in bytes: the UTF-8 length of the body (JSON-serialised when parsed), or the
 * `content-length` header when the body was not kept. `undefined` while the call is in flight.
 */
export function responseBodySize(exchange: Exchange): number | undefined {
  const response = exchange.response;
  if (response === undefined) return undefined;
  if (response.body === undefined || response.body === null) {
    const declared = Number(headerValue(response.headers, 'content-length'));
    return Number.isFinite(declared) && declared >= 0 ? declared : 0;
  }
  return utf8Length(bodyText(response.body));
}

/** True for a network error (status 0 or an `error` message) or an HTTP status of 400 and above. */
export function isErrorExchange(exchange: Exchange): boolean {
  const response = exchange.response;
  if (response === undefined) return false;
  return response.status === 0 || response.status >= 400 || Boolean(response.error);
}

/** The value of a header in a lower-cased {@link HeaderMap}; `undefined` when absent. */
export function headerValue(headers: HeaderMap | undefined, lowerName: string): string | undefined {
  if (headers === undefined || headers === null || !Object.hasOwn(headers, lowerName)) return undefined;
  const value = headers[lowerName];
  return typeof value === 'string' ? value : undefined;
}
