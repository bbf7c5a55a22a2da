/** What a snippet sends: the headers worth copying and the body as text, with notes on what was lost. */
import type { BodyStatus } from '../model/exchange.ts';
import type { HeaderMap, RequestLog } from '../model/logs.ts';

// Set by the client or the connection, not by the caller (Chrome DevTools' "Copy as cURL" skips the
// same): copying them would send stale lengths or break the client's own framing.
const SKIPPED_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'http2-settings',
  'expect',
]);

/** One header to copy, with its lower-case name. */
export interface SnippetHeader {
  name: string;
  value: string;
}

/** The parts of a request a snippet reproduces. */
export interface SnippetParts {
  method: string;
  url: string;
  headers: SnippetHeader[];
  /** Body text to send; `undefined` when there is none. */
  body: string | undefined;
  /** Lines to show above the snippet, saying what it cannot reproduce. Empty when it is exact. */
  notes: string[];
}

/**
 * Headers to copy: HTTP/2 pseudo-headers (`:authority`) and connection-level headers (`host`,
 * `content-length`, `connection`, `transfer-encoding`, …) are skipped; cookies are kept. Line breaks in
 * a value cannot travel in HTTP and are folded into one space.
 */
export function snippetHeaders(headers: HeaderMap): { headers: SnippetHeader[]; folded: boolean } {
  const out: SnippetHeader[] = [];
  let folded = false;
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (name.startsWith(':') || SKIPPED_HEADERS.has(name)) continue;
    const single = value.replace(/[\r\n]+/g, ' ');
    if (single !== value) folded = true;
    out.push({ name, value: single });
  }
  return { headers: out, folded };
}

/**
 * Body text: a string is the raw body as captured (form, text, or JSON kept raw); any other value is
 * parsed JSON and is serialized compactly with `JSON.stringify`.
 */
export function bodyText(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

const LOST_BODY: Partial<Record<BodyStatus, string>> = {
  binary: 'the request body was binary and is not included',
  'discarded:too-large': 'the request body was too large to keep and is not included',
  unavailable: 'the request body was not available to DevTools and is not included',
};

/** Method, URL, headers and body of `request`, plus notes on anything the snippet cannot reproduce. */
export function snippetParts(request: RequestLog, bodyStatus: BodyStatus = 'complete'): SnippetParts {
  const { headers, folded } = snippetHeaders(request.headers);
  const notes: string[] = [];
  const lost = LOST_BODY[bodyStatus];
  if (lost !== undefined) notes.push(lost);
  if (folded) notes.push('header values with line breaks were folded onto one line');
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    headers,
    body: bodyText(request.body),
    notes,
  };
}
