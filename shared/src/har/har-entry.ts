import Compile from 'typebox/compile';
import {
  type BodyStatus,
  EXCHANGE_SOURCES,
  type Exchange,
  type ExchangeSource,
  type ExchangeTimings,
} from '../model/exchange.ts';
import type { RequestLog, ResponseLog } from '../model/logs.ts';
import { type DecodedBody, decodeContent, parseBodyText } from './har-body.ts';
import { harHeader, headersFromHar } from './har-headers.ts';
import { HarEntryInput } from './har-types.ts';

/** Options for {@link exchangeFromHarEntry}. */
export interface HarEntryOptions {
  /** Source when the entry has no `_avvance.source`. Defaults to `'page'`. */
  source?: ExchangeSource;
  /** Exchange id; defaults to `_avvance.id`, else a fresh UUID. */
  id?: string;
  /**
   * Response body to use instead of `response.content` — what `chrome.devtools.network`'s
   * `request.getContent()` returns (`onRequestFinished` entries carry no body text).
   */
  content?: { text: string | null; encoding?: string | null };
}

/** Outcome of converting one entry; expected failures are data. */
export type HarEntryResult = { ok: true; exchange: Exchange } | { ok: false; error: string };

// Compiled once; TypeBox falls back to an interpreter where eval is forbidden (extension pages' CSP).
const validator = Compile(HarEntryInput);

/**
 * Converts one HAR 1.2 entry (Chrome's `onRequestFinished` or a saved HAR) into an {@link Exchange}.
 * Never throws: malformed input gives `{ ok: false, error }` naming the first problem.
 */
export function exchangeFromHarEntry(entry: unknown, opts: HarEntryOptions = {}): HarEntryResult {
  if (!validator.Check(entry)) {
    const [first] = validator.Errors(entry);
    const where = first?.instancePath === '' || first === undefined ? 'entry' : first.instancePath;
    return { ok: false, error: `invalid HAR entry: ${where} ${first?.message ?? 'is invalid'}` };
  }
  const startedAt = Date.parse(entry.startedDateTime);
  if (!Number.isFinite(startedAt)) {
    return { ok: false, error: `invalid HAR entry: startedDateTime "${entry.startedDateTime.slice(0, 40)}"` };
  }
  const extras = readExtras(entry._avvance);
  const { request: req, response: res } = entry;
  const requestHeaders = headersFromHar(req.headers);
  const correlationId = harHeader(req.headers, 'correlation-id')?.trim();
  const requestId = extras.requestId ?? (correlationId || globalThis.crypto.randomUUID());
  const method = req.method.toUpperCase();
  const timestamp = new Date(startedAt).toISOString();

  const request: RequestLog = {
    id: requestId,
    timestamp,
    type: 'request',
    method,
    url: req.url,
    headers: requestHeaders,
    partnerId: extras.partnerId ?? requestHeaders['partner-id'] ?? '',
    userId: extras.userId ?? '',
  };
  const query = queryOf(req.url, req.queryString);
  if (query !== undefined) request.query = query;
  const requestBody = decodeRequestBody(req.postData, req.bodySize);
  if (requestBody.body !== undefined) request.body = requestBody.body;

  const timings = timingsOf(startedAt, entry.timings);
  const duration = durationOf(entry.time, entry.timings);
  const exchange: Exchange = {
    id: opts.id ?? extras.id ?? globalThis.crypto.randomUUID(),
    source: extras.source ?? opts.source ?? 'page',
    request,
    timings,
    masked: extras.masked ?? false,
    requestBodyStatus: lossy(requestBody.status, extras.requestBodyStatus),
    responseBodyStatus: 'absent',
  };
  if (extras.replayOf !== undefined) exchange.replayOf = extras.replayOf;
  if (extras.sentBy !== undefined) exchange.sentBy = extras.sentBy;
  if (extras.environment !== undefined) exchange.environment = extras.environment;
  if (extras.pending === true) return { ok: true, exchange };

  const content = opts.content ?? res.content;
  const mimeType = res.content?.mimeType ?? harHeader(res.headers, 'content-type') ?? '';
  const responseBody = decodeResponseBody(content?.text, content?.encoding, mimeType, res.content?.size);
  exchange.responseBodyStatus = lossy(responseBody.status, extras.responseBodyStatus);
  const response: ResponseLog = {
    id: requestId,
    timestamp: isoAt(startedAt + duration, timestamp),
    type: 'response',
    method,
    url: req.url,
    status: res.status,
    duration,
    headers: headersFromHar(res.headers),
  };
  if (responseBody.body !== undefined) response.body = responseBody.body;
  const error = res._error ?? entry._error;
  if (typeof error === 'string' && error !== '') response.error = error;
  else if (res.status === 0) response.error = 'No response (status 0)';
  exchange.response = response;
  return { ok: true, exchange };
}

type EntryRequest = HarEntryInput['request'];

/** ISO string of an epoch-ms time, or `fallback` when it is outside the Date range (absurd `time`). */
export function isoAt(ms: number, fallback: string): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? fallback : d.toISOString();
}

function queryOf(url: string, list: EntryRequest['queryString']): Record<string, string> | undefined {
  let pairs: [string, string][] = (list ?? []).map((p) => [p.name, p.value]);
  if (list === undefined && URL.canParse(url)) pairs = [...new URL(url).searchParams];
  if (pairs.length === 0) return undefined;
  const query: Record<string, string> = {};
  for (const [name, value] of pairs)
    Object.defineProperty(query, name, { value, enumerable: true, writable: true, configurable: true });
  return query;
}

function decodeRequestBody(
  postData: EntryRequest['postData'],
  bodySize: number | null | undefined,
): DecodedBody {
  if (postData === undefined) return (bodySize ?? 0) > 0 ? { status: 'unavailable' } : { status: 'absent' };
  const mimeType = postData.mimeType ?? '';
  if (postData.text !== undefined && postData.text !== '') return parseBodyText(postData.text, mimeType);
  if (postData.params !== undefined && postData.params.length > 0) {
    const form = new URLSearchParams();
    for (const p of postData.params) form.append(p.name, p.value ?? p.fileName ?? '');
    return parseBodyText(form.toString(), mimeType);
  }
  return (bodySize ?? 0) > 0 ? { status: 'unavailable' } : { status: 'absent' };
}

function decodeResponseBody(
  text: string | null | undefined,
  encoding: string | null | undefined,
  mimeType: string,
  size: number | null | undefined,
): DecodedBody {
  if (typeof text === 'string' && text !== '') return decodeContent(text, encoding, mimeType);
  // Chrome omits text it did not keep (and onRequestFinished never has it): a declared size means lost.
  return { status: (size ?? 0) > 0 ? 'unavailable' : 'absent' };
}

/** Prefer a lossy status recorded by the exporter over a plain "no body here". */
function lossy(computed: BodyStatus, recorded: BodyStatus | undefined): BodyStatus {
  if (recorded === undefined || recorded === 'complete') return computed;
  return computed === 'absent' || computed === 'unavailable' ? recorded : computed;
}

function timingsOf(startedAt: number, t: HarEntryInput['timings']): ExchangeTimings {
  const timings: ExchangeTimings = { startedAt };
  if (t === undefined) return timings;
  for (const phase of ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive'] as const) {
    const v = t[phase];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) timings[phase] = v;
  }
  return timings;
}

function durationOf(time: number | null | undefined, t: HarEntryInput['timings']): number {
  if (typeof time === 'number' && Number.isFinite(time) && time >= 0) return time;
  let sum = 0;
  for (const v of Object.values(t ?? {})) if (typeof v === 'number' && Number.isFinite(v) && v > 0) sum += v;
  return sum;
}

interface Extras {
  id?: string;
  source?: ExchangeSource;
  requestId?: string;
  replayOf?: string;
  masked?: boolean;
  requestBodyStatus?: BodyStatus;
  responseBodyStatus?: BodyStatus;
  pending?: boolean;
  partnerId?: string;
  userId?: string;
  sentBy?: string;
  environment?: string;
}

const BODY_STATUSES: readonly string[] = [
  'complete',
  'absent',
  'binary',
  'discarded:too-large',
  'unavailable',
];

/** Picks the well-typed `_avvance` fields; anything else in there is ignored. */
function readExtras(raw: unknown): Extras {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof r[k] === 'string' && r[k] !== '' ? r[k] : undefined);
  const extras: Extras = {};
  const assign = <K extends keyof Extras>(k: K, v: Extras[K] | undefined): void => {
    if (v !== undefined) extras[k] = v;
  };
  assign('id', str('id'));
  assign('requestId', str('requestId'));
  assign('replayOf', str('replayOf'));
  assign('partnerId', typeof r['partnerId'] === 'string' ? r['partnerId'] : undefined);
  assign('userId', typeof r['userId'] === 'string' ? r['userId'] : undefined);
  assign('sentBy', str('sentBy'));
  assign('environment', str('environment'));
  const source = str('source');
  if (source !== undefined && (EXCHANGE_SOURCES as readonly string[]).includes(source)) {
    extras.source = source as ExchangeSource;
  }
  if (typeof r['masked'] === 'boolean') extras.masked = r['masked'];
  if (typeof r['pending'] === 'boolean') extras.pending = r['pending'];
  for (const k of ['requestBodyStatus', 'responseBodyStatus'] as const) {
    const v = str(k);
    if (v !== undefined && BODY_STATUSES.includes(v)) extras[k] = v as BodyStatus;
  }
  return extras;
}
