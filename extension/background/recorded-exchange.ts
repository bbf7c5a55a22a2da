import { exchangeFromHarEntry } from '../../shared/src/har/index.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { MAX_RECORDED_BODY_CHARS, type RecordedCall } from './recorded-call.ts';

const harHeaders = (h: Record<string, string>): { name: string; value: string }[] =>
  Object.entries(h).map(([name, value]) => ({ name, value }));

/** Options of {@link exchangeFromRecordedCall}. */
export interface RecordedExchangeOptions {
  /** Exchange id. Defaults to a fresh UUID. */
  id?: string;
  /** Marks the exchange as recorded before DevTools was opened. Defaults to `false`. */
  beforeDevtools?: boolean;
}

/**
 * Converts a page-recorded call into an (unmasked) {@link Exchange} through the same HAR conversion
 * DevTools captures use, so bodies, query and correlation ids are read the same way. `undefined` when
 * the call cannot be converted.
 */
export function exchangeFromRecordedCall(
  call: RecordedCall,
  options: RecordedExchangeOptions = {},
): Exchange | undefined {
  const requestType = call.requestHeaders['content-type'] ?? 'text/plain';
  const responseType = call.responseHeaders['content-type'] ?? '';
  const entry = {
    startedDateTime: new Date(call.startedAt).toISOString(),
    time: Math.max(0, call.duration),
    request: {
      method: call.method,
      url: call.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(call.requestHeaders),
      queryString: [...new URL(call.url).searchParams].map(([name, value]) => ({ name, value })),
      ...(call.requestBody !== undefined
        ? { postData: { mimeType: requestType, text: call.requestBody } }
        : {}),
      headersSize: -1,
      bodySize: call.requestBody?.length ?? 0,
    },
    response: {
      status: call.status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(call.responseHeaders),
      content: {
        size: call.responseBody?.length ?? (call.responseBodyTooLarge ? MAX_RECORDED_BODY_CHARS + 1 : 0),
        mimeType: responseType,
        ...(call.responseBody !== undefined ? { text: call.responseBody } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      ...(call.error !== undefined ? { _error: call.error } : {}),
    },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      connect: -1,
      ssl: -1,
      send: 0,
      wait: Math.max(0, call.duration),
      receive: 0,
    },
  };
  const result = exchangeFromHarEntry(entry, {
    source: 'page',
    ...(options.id !== undefined ? { id: options.id } : {}),
  });
  if (!result.ok) return undefined;
  const exchange = result.exchange;
  if (call.responseBodyTooLarge) exchange.responseBodyStatus = 'discarded:too-large';
  if (options.beforeDevtools) exchange.recordedBeforeDevtools = true;
  return exchange;
}
