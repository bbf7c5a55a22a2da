import type { Exchange } from '../model/exchange.ts';
import type { CorrelationKey, CorrelationKind } from '../model/flow.ts';
import type { HeaderMap } from '../model/logs.ts';
import {
  BODY_ID_KEYS,
  cleanIdValue,
  HEADER_ID_KEYS,
  normalizeKeyName,
  PREAPPROVAL_OFFERS_ID_KEYS,
  shortestName,
  traceIdFromTraceparent,
} from './id-keys.ts';
import { parseUrl, type UrlParts } from './parse-url.ts';
import { type IdReceiver, walkIds } from './walk-body.ts';

const PREAPPROVAL_OFFERS = /\/preapproval-offers\/?(?:[?#]|$)/i;
const HOSTED_PAGE = /\/usl\/avvance-installment-loans\/?$/i;
const SANDBOX_ID = /\/sandbox\/v1\/(applications|preapprovals)\/([^/]+)/i;
/** Keys deduplicated by a linear scan before switching to a Set. */
const LINEAR_SCAN_MAX = 16;

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
  return extractKeys(exchange, parseUrl(exchange.request.url));
}

/** {@link extractCorrelationKeys} with the request URL already parsed (`FlowIndex` caches it). */
export function extractKeys(exchange: Exchange, url: UrlParts | null): CorrelationKey[] {
  const keys = new KeyList();
  const { request, response } = exchange;
  fromHeaders(request.headers, 'request', keys);
  if (url !== null) fromUrl(url, request.query, keys);
  const idKeys = PREAPPROVAL_OFFERS.test(request.url) ? PREAPPROVAL_OFFERS_ID_KEYS : BODY_ID_KEYS;
  if (request.body !== undefined) {
    keys.bodyPrefix = 'request.body:';
    walkIds(request.body, idKeys, keys);
  }
  if (response !== undefined) {
    fromHeaders(response.headers, 'response', keys);
    if (response.body !== undefined) {
      keys.bodyPrefix = 'response.body:';
      walkIds(response.body, idKeys, keys);
    }
  }
  return keys.keys;
}

/** Distinct keys in discovery order; receives body ids too (no closure per exchange: this runs per add). */
class KeyList implements IdReceiver {
  readonly keys: CorrelationKey[] = [];
  /** Prefix of `where` for body ids (`request.body:`). */
  bodyPrefix = '';
  /** `kind\0value` of every key, built once there are too many for a linear scan. */
  #seen: Set<string> | null = null;

  found(kind: CorrelationKind, raw: unknown, path: string): void {
    this.add(kind, raw, this.bodyPrefix, path);
  }

  /** Adds the key when `raw` is a plausible, new id; `where` is `wherePrefix + whereRest`. */
  add(kind: CorrelationKind, raw: unknown, wherePrefix: string, whereRest = ''): void {
    const value = cleanIdValue(raw);
    if (value === null) return;
    const { keys } = this;
    if (this.#seen === null) {
      // Exchanges carry a handful of keys: a linear scan, and a Set only for bodies full of ids.
      for (const k of keys) if (k.kind === kind && k.value === value) return;
      keys.push({ kind, value, where: wherePrefix + whereRest });
      if (keys.length === LINEAR_SCAN_MAX) this.#seen = new Set(keys.map((k) => `${k.kind}\u0000${k.value}`));
      return;
    }
    const id = `${kind}\u0000${value}`;
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    keys.push({ kind, value, where: wherePrefix + whereRest });
  }
}

/** Shortest header name that can carry an id (`x-request-id`, `traceparent`). */
const SHORTEST_HEADER = Math.min(shortestName(HEADER_ID_KEYS), 'traceparent'.length);
/** Most header names {@link headerRole} remembers (a capture uses a few dozen). */
const MAX_HEADER_ROLES = 512;

/** What a header name carries, and the `where` of its keys on each side. */
interface HeaderRole {
  kind: CorrelationKind | 'traceparent';
  request: string;
  response: string;
}

const headerRoles = new Map<string, HeaderRole | null>();

/** The role of a header name, remembered: normalising every header of every exchange is a hot spot. */
function headerRole(name: string): HeaderRole | null {
  let role = headerRoles.get(name);
  if (role === undefined) {
    const normalized = normalizeKeyName(name);
    const kind = normalized === 'traceparent' ? 'traceparent' : HEADER_ID_KEYS.get(normalized);
    const lower = name.toLowerCase();
    role =
      kind === undefined
        ? null
        : { kind, request: `request.header:${lower}`, response: `response.header:${lower}` };
    if (headerRoles.size < MAX_HEADER_ROLES) headerRoles.set(name, role);
  }
  return role;
}

function fromHeaders(headers: HeaderMap, side: 'request' | 'response', keys: KeyList): void {
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (typeof value !== 'string' || name.length < SHORTEST_HEADER) continue;
    const role = headerRole(name);
    if (role === null) continue;
    if (role.kind === 'traceparent') {
      const traceId = traceIdFromTraceparent(value);
      if (traceId !== null) keys.add('traceId', traceId, role[side]);
    } else {
      keys.add(role.kind, value, role[side]);
    }
  }
}

function fromUrl(parsed: UrlParts, query: Record<string, string> | undefined, keys: KeyList): void {
  const params = query !== undefined ? Object.entries(query) : parsed.params;
  const hostedPage = HOSTED_PAGE.test(parsed.pathname);
  for (const [name, value] of params) {
    if (typeof value !== 'string') continue;
    const normalized = normalizeKeyName(name);
    const kind = hostedPage && normalized === 'guid' ? 'applicationGUID' : BODY_ID_KEYS.get(normalized);
    if (kind !== undefined) keys.add(kind, value, 'request.query:', name);
  }
  const m = SANDBOX_ID.exec(parsed.pathname);
  if (m !== null) {
    const [, collection, segment] = m as unknown as [string, string, string];
    const kind = collection.toLowerCase() === 'applications' ? 'applicationGUID' : 'preApprovalRequestId';
    keys.add(kind, safeDecode(segment), `request.url:sandbox/v1/${collection.toLowerCase()}`);
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
