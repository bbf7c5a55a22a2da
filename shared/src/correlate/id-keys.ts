import type { CorrelationKind } from '../model/flow.ts';

/** Shortest id value accepted; shorter values (`1`, `abc`) are too likely to collide. */
export const MIN_ID_LENGTH = 6;
/** Longest id value accepted (the spec caps applicationGUID/partnerSessionId at 64; leave headroom). */
export const MAX_CORRELATION_ID_LENGTH = 128;

/** Lower-cases a key name and drops `-` and `_` (`PartnerSession-ID` → `partnersessionid`). */
export function normalizeKeyName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/**
 * Length of the shortest name in `keys` (normalised names). A raw name shorter than that cannot match:
 * normalising only drops characters, and lower-casing never turns one character into several ASCII ones.
 * Lets hot loops skip most key names without normalising them.
 */
export function shortestName(keys: ReadonlyMap<string, unknown>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const name of keys.keys()) min = Math.min(min, name.length);
  return min;
}

/** Body/query key names (normalised) that carry Avvance business ids. */
export const BODY_ID_KEYS: ReadonlyMap<string, CorrelationKind> = new Map<string, CorrelationKind>([
  ['partnersessionid', 'partnerSessionId'],
  ['applicationguid', 'applicationGUID'],
  ['preapprovalrequestid', 'preApprovalRequestId'],
  ['paymenttransactionid', 'paymentTransactionId'],
]);

/**
 * {@link BODY_ID_KEYS} plus `shoppingCartId`, which `preapproval-offers` uses for the pre-approval request
 * id (AVVANCE_API.md §1.5). Only used on that endpoint: elsewhere a merchant's own cart id would merge
 * every retry of a checkout into one journey.
 */
export const PREAPPROVAL_OFFERS_ID_KEYS: ReadonlyMap<string, CorrelationKind> = new Map<
  string,
  CorrelationKind
>([...BODY_ID_KEYS, ['shoppingcartid', 'preApprovalRequestId']]);

/**
 * Header names (normalised) that carry ids. `traceparent` is handled separately (only its trace-id).
 * `Session-ID` (webhook delivery / widget session) is deliberately absent: it is a per-delivery UUID
 * with no documented reuse, so it would only found single-exchange flows.
 */
export const HEADER_ID_KEYS: ReadonlyMap<string, CorrelationKind> = new Map<string, CorrelationKind>([
  ['correlationid', 'correlationId'],
  ['xcorrelationid', 'correlationId'],
  ['xrequestid', 'requestId'],
  ['partnersessionid', 'partnerSessionId'],
  // notification-status takes the applicationGUID in a header named notificationId (AVVANCE_API.md §1.3).
  ['notificationid', 'applicationGUID'],
]);

const PRINTABLE = /^[\x21-\x7e]+$/;
const PLACEHOLDER = /^(?:null|undefined|none|n\/a|string|test|unknown)$/i;
const PLACEHOLDER_MAX = 'undefined'.length;

/**
 * Returns the trimmed id when `value` is a plausible id, else `null`: 6–128 printable ASCII characters,
 * not one repeated character (`000000`, the nil UUID), not a placeholder (`null`, `string`…).
 * Integers are accepted as their decimal form.
 */
export function cleanIdValue(value: unknown): string | null {
  let s: string;
  if (typeof value === 'string') s = value.trim();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) s = String(value);
  else return null;
  if (s.length < MIN_ID_LENGTH || s.length > MAX_CORRELATION_ID_LENGTH) return null;
  // No placeholder is longer than PLACEHOLDER_MAX: ids (UUIDs) skip that regex.
  if (!PRINTABLE.test(s) || (s.length <= PLACEHOLDER_MAX && PLACEHOLDER.test(s))) return null;
  if (isOneRepeatedChar(s)) return null;
  return s;
}

/** `s` is printable ASCII here, so code units are characters. */
function isOneRepeatedChar(s: string): boolean {
  const first = s.charCodeAt(0);
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== first && c !== 0x2d) return false;
  }
  return true;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/**
 * Extracts the trace-id of a W3C `traceparent` header, or `null` when the header is malformed, uses the
 * forbidden version `ff`, or has an all-zero trace or parent id (W3C Trace Context §3.2).
 */
export function traceIdFromTraceparent(header: string): string | null {
  const m = TRACEPARENT.exec(header.trim().toLowerCase());
  if (m === null) return null;
  const [, version, traceId, parentId] = m as unknown as [string, string, string, string];
  if (version === 'ff') return null;
  // Version 00 has exactly four fields; later versions may append more.
  if (version === '00' && header.trim().length !== 55) return null;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return null;
  return traceId;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The node name under which an id is joined. UUIDs are globally unique, so they join across kinds
 * (the spec's own example reuses the partnerSessionId as the Correlation-ID) and case-insensitively;
 * other ids only join within their kind.
 */
export function joinNodeOf(kind: CorrelationKind, value: string): string {
  return isUuid(value) ? `uuid:${value.toLowerCase()}` : `${kind}:${value}`;
}

/** Whether an id joins as a UUID: across kinds and case-insensitively (see {@link joinNodeOf}). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
