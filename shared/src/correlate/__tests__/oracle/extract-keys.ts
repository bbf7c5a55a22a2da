// Frozen copy of shared/src/correlate/extract-keys.ts as of 64d3bc1, before the issue 8 (benchmark 4) rewrite:
// the oracle of flow-index.equivalence.test.ts. Do not edit or import elsewhere.
import type { Exchange } from '../../../model/exchange.ts';
import type { CorrelationKey, CorrelationKind } from '../../../model/flow.ts';
import type { HeaderMap } from '../../../model/logs.ts';
import {
  BODY_ID_KEYS,
  cleanIdValue,
  HEADER_ID_KEYS,
  normalizeKeyName,
  PREAPPROVAL_OFFERS_ID_KEYS,
  traceIdFromTraceparent,
} from './id-keys.ts';
import { walkBody } from './walk-body.ts';

const PREAPPROVAL_OFFERS = /\/preapproval-offers\/?(?:[?#]|$)/i;
const HOSTED_PAGE = /\/usl\/avvance-installment-loans\/?$/i;
const SANDBOX_ID = /\/sandbox\/v1\/(applications|preapprovals)\/([^/]+)/i;

/**
 * Every distinct correlation id an exchange carries, in discovery order (request headers, URL, request
 * body, response headers, response body), each with where it was found. Sources:
 * - headers `Correlation-ID`/`X-Correlation-ID`, `X-Request-ID`, W3C `traceparent` (trace-id only),
 *   `PartnerSession-ID`, `notificationId` (an applicationGUID);
 * - body keys `partnerSessionId`, `applicationGUID`, `preApprovalRequestId`, `paymentTransactionId`
 *   (and `shoppingCartId` on `…/preapproval-offers`) at any depth (also JSON inside strings and form bodies), case-insensitive,
 *   `-`/`_` ignored — including webhook `eventDetails`;
 * - the hosted page's `guid` query parameter, query parameters named like the body keys, and ids in
 *   sandbox control-plane paths (`/sandbox/v1/applications/{applicationGUID}/…`).
 * Implausible values (see {@link cleanIdValue}) are dropped. `Session-ID` is ignored (per delivery).
 */
export function extractCorrelationKeys(exchange: Exchange): CorrelationKey[] {
  const keys: CorrelationKey[] = [];
  const seen = new Set<string>();
  const add = (kind: CorrelationKind, raw: unknown, where: string): void => {
    const value = cleanIdValue(raw);
    if (value === null) return;
    const id = `${kind}\u0000${value}`;
    if (seen.has(id)) return;
    seen.add(id);
    keys.push({ kind, value, where });
  };
  const { request, response } = exchange;
  fromHeaders(request.headers, 'request', add);
  fromUrl(request.url, request.query, add);
  const idKeys = PREAPPROVAL_OFFERS.test(request.url) ? PREAPPROVAL_OFFERS_ID_KEYS : BODY_ID_KEYS;
  if (request.body !== undefined) walkBody(request.body, (k, v, p) => add(k, v, `request.body:${p}`), idKeys);
  if (response !== undefined) {
    fromHeaders(response.headers, 'response', add);
    if (response.body !== undefined) {
      walkBody(response.body, (k, v, p) => add(k, v, `response.body:${p}`), idKeys);
    }
  }
  return keys;
}

type Add = (kind: CorrelationKind, raw: unknown, where: string) => void;

function fromHeaders(headers: HeaderMap, side: 'request' | 'response', add: Add): void {
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    const normalized = normalizeKeyName(name);
    if (normalized === 'traceparent') {
      const traceId = traceIdFromTraceparent(value);
      if (traceId !== null) add('traceId', traceId, `${side}.header:${name.toLowerCase()}`);
      continue;
    }
    const kind = HEADER_ID_KEYS.get(normalized);
    if (kind !== undefined) add(kind, value, `${side}.header:${name.toLowerCase()}`);
  }
}

function fromUrl(url: string, query: Record<string, string> | undefined, add: Add): void {
  if (!URL.canParse(url)) return;
  const parsed = new URL(url);
  const params: [string, string][] = query !== undefined ? Object.entries(query) : [...parsed.searchParams];
  const hostedPage = HOSTED_PAGE.test(parsed.pathname);
  for (const [name, value] of params) {
    if (typeof value !== 'string') continue;
    const normalized = normalizeKeyName(name);
    const kind = hostedPage && normalized === 'guid' ? 'applicationGUID' : BODY_ID_KEYS.get(normalized);
    if (kind !== undefined) add(kind, value, `request.query:${name}`);
  }
  const m = SANDBOX_ID.exec(parsed.pathname);
  if (m !== null) {
    const [, collection, segment] = m as unknown as [string, string, string];
    const kind = collection.toLowerCase() === 'applications' ? 'applicationGUID' : 'preApprovalRequestId';
    add(kind, safeDecode(segment), `request.url:sandbox/v1/${collection.toLowerCase()}`);
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (e: unknown) {
    if (!(e instanceof URIError)) throw e;
    return segment;
  }
}
