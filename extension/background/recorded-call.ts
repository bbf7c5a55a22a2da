/** Longest body text the page script keeps per call (characters); longer bodies are dropped, flagged. */
export const MAX_RECORDED_BODY_CHARS = 256 * 1024;

/**
 * One call as the page script saw it (`fetch` or `XMLHttpRequest` in the page's MAIN world): raw, PII
 * included. It travels page → relay content script → background, where it is masked before it is
 * buffered; only a panel that is open on the tab receives it raw (memory and a port, never storage).
 */
export interface RecordedCall {
  /** Which API the page used. */
  via: 'fetch' | 'xhr';
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL. */
  url: string;
  /** Request headers the page set, lower-cased names. */
  requestHeaders: Record<string, string>;
  /** Request body text; absent when there was none or it was not text (FormData, Blob, stream). */
  requestBody?: string;
  /** HTTP status; 0 when the call failed (see `error`). */
  status: number;
  /** Response headers, lower-cased names (`fetch`: all readable ones; XHR: `getAllResponseHeaders`). */
  responseHeaders: Record<string, string>;
  /** Response body text; absent when unreadable or too large. */
  responseBody?: string;
  /** True when the response body was longer than {@link MAX_RECORDED_BODY_CHARS} and dropped. */
  responseBodyTooLarge?: boolean;
  /** Epoch ms when the page started the call. */
  startedAt: number;
  /** Milliseconds from start until the response body was read (or the call failed). */
  duration: number;
  /** Network error message when the call did not complete. */
  error?: string;
}

const isStringRecord = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v as Record<string, unknown>).every((x) => typeof x === 'string');

const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

/**
 * True when `value` has the shape of a {@link RecordedCall}. The relay content script and the
 * background check every message with it: the page's world can dispatch anything.
 */
export function isRecordedCall(value: unknown): value is RecordedCall {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    (c['via'] === 'fetch' || c['via'] === 'xhr') &&
    typeof c['method'] === 'string' &&
    typeof c['url'] === 'string' &&
    URL.canParse(c['url']) &&
    isStringRecord(c['requestHeaders']) &&
    optionalString(c['requestBody']) &&
    typeof c['status'] === 'number' &&
    isStringRecord(c['responseHeaders']) &&
    optionalString(c['responseBody']) &&
    typeof c['startedAt'] === 'number' &&
    Number.isFinite(c['startedAt']) &&
    typeof c['duration'] === 'number' &&
    Number.isFinite(c['duration']) &&
    optionalString(c['error'])
  );
}
