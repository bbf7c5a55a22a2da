import { maskExchange } from '../mask/index.ts';
import type { MaskFinding, MaskOptions } from '../mask/types.ts';
import type { BodyStatus, Exchange, ExchangeTimings } from '../model/exchange.ts';
import type { HeaderMap } from '../model/logs.ts';
import { utf8ByteLength } from '../util/utf8.ts';
import { HAR_MAX_BODY_CHARS, isJsonMime } from './har-body.ts';
import { isoAt } from './har-entry.ts';
import { headersToHar } from './har-headers.ts';
import type {
  AvvanceHarExtras,
  Har,
  HarCreator,
  HarEntry,
  HarNameValue,
  HarResponse,
  HarTimings,
} from './har-types.ts';

/** Written as `log.creator` unless overridden. */
export const HAR_CREATOR: HarCreator = { name: 'Avvance Workbench', version: '0.1.0' };

/** Options for {@link exportHar}. */
export interface HarExportOptions {
  /**
   * Masking options for the exported copies (the originals are not touched). Exporting unmasked values
   * must be asked for explicitly with `false`. Required.
   */
  mask: MaskOptions | false;
  /** `log.creator`. Defaults to {@link HAR_CREATOR}. */
  creator?: HarCreator;
  /** `log.comment`. Defaults to none. */
  comment?: string;
  /** Flow (journey) of an exchange, kept in `_avvance.flowId` (e.g. `FlowIndex.flowOf`). Defaults to none. */
  flowOf?: (exchangeId: string) => string | undefined;
  /** Longest body written, in characters; longer ones are dropped and marked. Defaults to 1_000_000. */
  maxBodyChars?: number;
}

/** One masked value, with the exchange it was found in. */
export interface HarExportFinding extends MaskFinding {
  exchangeId: string;
}

/** A body left out of the export because it was over `maxBodyChars`. */
export interface HarDroppedBody {
  exchangeId: string;
  part: 'request' | 'response';
}

/** Outcome of {@link exportHar}. */
export interface HarExportResult {
  har: Har;
  /** Everything the masking engine masked; empty when `mask` is `false`. */
  findings: HarExportFinding[];
  /** Bodies dropped for size (also marked `discarded:too-large` in `_avvance`). */
  droppedBodies: HarDroppedBody[];
}

/**
 * Writes exchanges as a HAR 1.2 document, masked by default. Workbench extras (source, replay link, flow,
 * masked flag, lossy body states) go in each entry's `_avvance` field; with masking on, the Workbench
 * user fields (`userId`, `sentBy`) are left out.
 */
export function exportHar(exchanges: readonly Exchange[], opts: HarExportOptions): HarExportResult {
  const findings: HarExportFinding[] = [];
  const droppedBodies: HarDroppedBody[] = [];
  const maxChars = opts.maxBodyChars ?? HAR_MAX_BODY_CHARS;
  const entries = exchanges.map((original) => {
    let exchange = original;
    if (opts.mask !== false) {
      const masked = maskExchange(original, opts.mask);
      exchange = masked.value;
      for (const f of masked.findings) findings.push({ ...f, exchangeId: original.id });
    }
    const flowId = opts.flowOf?.(original.id);
    const entry = entryOf(exchange, opts.mask !== false, maxChars, flowId);
    for (const part of entry.dropped) droppedBodies.push({ exchangeId: original.id, part });
    return entry.entry;
  });
  const har: Har = { log: { version: '1.2', creator: opts.creator ?? HAR_CREATOR, entries } };
  if (opts.comment !== undefined) har.log.comment = opts.comment;
  return { har, findings, droppedBodies };
}

interface Body {
  text?: string;
  mimeType: string;
  status: BodyStatus;
}

function entryOf(
  ex: Exchange,
  masked: boolean,
  maxChars: number,
  flowId: string | undefined,
): { entry: HarEntry; dropped: ('request' | 'response')[] } {
  const dropped: ('request' | 'response')[] = [];
  const reqBody = bodyOf(ex.request.body, ex.request.headers, ex.requestBodyStatus, maxChars);
  if (reqBody.status === 'discarded:too-large' && ex.requestBodyStatus !== reqBody.status)
    dropped.push('request');
  const res = ex.response;
  const resBody = bodyOf(res?.body, res?.headers ?? {}, ex.responseBodyStatus, maxChars);
  if (
    res !== undefined &&
    resBody.status === 'discarded:too-large' &&
    ex.responseBodyStatus !== resBody.status
  ) {
    dropped.push('response');
  }

  const extras: AvvanceHarExtras = {
    id: ex.id,
    source: ex.source,
    requestId: ex.request.id,
    masked: masked || ex.masked,
    requestBodyStatus: reqBody.status,
    responseBodyStatus: res === undefined ? ex.responseBodyStatus : resBody.status,
  };
  if (ex.replayOf !== undefined) extras.replayOf = ex.replayOf;
  if (flowId !== undefined) extras.flowId = flowId;
  if (res === undefined) extras.pending = true;
  if (ex.request.partnerId !== '') extras.partnerId = ex.request.partnerId;
  if (!masked && ex.request.userId !== '') extras.userId = ex.request.userId;
  if (!masked && ex.sentBy !== undefined) extras.sentBy = ex.sentBy;
  if (ex.environment !== undefined) extras.environment = ex.environment;

  const timings = timingsOf(ex.timings, res?.duration);
  const entry: HarEntry = {
    startedDateTime: isoAt(ex.timings.startedAt, ex.request.timestamp),
    time: res?.duration ?? phaseSum(timings),
    request: {
      method: ex.request.method,
      url: ex.request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headersToHar(ex.request.headers),
      queryString: queryOf(ex.request.url, ex.request.query),
      headersSize: -1,
      bodySize: reqBody.text === undefined ? 0 : utf8Length(reqBody.text),
    },
    response: responseOf(ex, resBody),
    cache: {},
    timings,
    _avvance: extras,
  };
  if (reqBody.text !== undefined) entry.request.postData = { mimeType: reqBody.mimeType, text: reqBody.text };
  return { entry, dropped };
}

function responseOf(ex: Exchange, body: Body): HarResponse {
  const res = ex.response;
  if (res === undefined) {
    return {
      status: 0,
      statusText: '',
      httpVersion: '',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: '', comment: 'in flight when exported' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    };
  }
  const size = body.text === undefined ? 0 : utf8Length(body.text);
  const response: HarResponse = {
    status: res.status,
    statusText: '',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: headersToHar(res.headers),
    content: { size, mimeType: body.mimeType },
    redirectURL: res.headers['location'] ?? '',
    headersSize: -1,
    bodySize: body.text === undefined ? -1 : size,
  };
  if (body.text !== undefined) response.content.text = body.text;
  else if (body.status !== 'absent') response.content.comment = `body ${body.status}`;
  if (res.error !== undefined) response._error = res.error;
  return response;
}

function bodyOf(body: unknown, headers: HeaderMap, status: BodyStatus, maxChars: number): Body {
  const declared = headers['content-type'] ?? '';
  if (body === undefined) return { mimeType: declared, status };
  let text: string | undefined;
  let mimeType = declared;
  if (typeof body === 'string') {
    text = body;
    if (mimeType === '') mimeType = 'text/plain';
  } else {
    text = safeStringify(body);
    if (!isJsonMime(mimeType)) mimeType = 'application/json';
  }
  if (text === undefined) return { mimeType, status: 'unavailable' };
  if (text.length > maxChars) return { mimeType, status: 'discarded:too-large' };
  return { text, mimeType, status: status === 'absent' ? 'complete' : status };
}

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (e: unknown) {
    // Cycles and BigInt cannot be written; the body is reported as unavailable instead.
    if (!(e instanceof TypeError)) throw e;
    return undefined;
  }
}

function queryOf(url: string, query: Record<string, string> | undefined): HarNameValue[] {
  if (URL.canParse(url)) return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  return Object.entries(query ?? {}).map(([name, value]) => ({ name, value }));
}

function timingsOf(t: ExchangeTimings, duration: number | undefined): HarTimings {
  const phases = ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive'] as const;
  if (phases.every((p) => t[p] === undefined)) {
    // No phases at all (relay captures): the whole duration is waiting, so `time` = sum of timings.
    return { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: duration ?? 0, receive: 0 };
  }
  // Otherwise absent phases are -1 ("does not apply"), which the importer reads back as absent.
  return {
    blocked: t.blocked ?? -1,
    dns: t.dns ?? -1,
    connect: t.connect ?? -1,
    ssl: t.ssl ?? -1,
    send: t.send ?? -1,
    wait: t.wait ?? -1,
    receive: t.receive ?? -1,
  };
}

function phaseSum(t: HarTimings): number {
  return [t.blocked, t.dns, t.connect, t.send, t.wait, t.receive].reduce((a, v) => a + Math.max(0, v), 0);
}

/** UTF-8 byte length of a body (HAR `size`/`bodySize`). */
export const utf8Length = utf8ByteLength;
