import type { Exchange } from '../model/exchange.ts';
import type { ApplicationState, CorrelationKey, CorrelationKind } from '../model/flow.ts';
import { parseUrl, type UrlParts } from './parse-url.ts';
import { stateInfo } from './states.ts';

/** How strongly a key kind identifies a journey; lower is stronger. Weak kinds never name a flow. */
export const KIND_RANK: Readonly<Record<CorrelationKind, number>> = {
  applicationGUID: 0,
  partnerSessionId: 1,
  preApprovalRequestId: 2,
  paymentTransactionId: 3,
  traceId: 4,
  correlationId: 5,
  requestId: 6,
};

/** Rank of a label that does not come from a business id. */
export const WEAK_LABEL_RANK = 4;

const LABEL_PREFIX: Partial<Record<CorrelationKind, string>> = {
  applicationGUID: 'application',
  partnerSessionId: 'session',
  preApprovalRequestId: 'pre-approval',
  paymentTransactionId: 'payment',
};

/** The strongest key of a list, or `undefined` when it is empty. */
export function strongestKey(keys: readonly CorrelationKey[]): CorrelationKey | undefined {
  let best: CorrelationKey | undefined;
  for (const key of keys) if (best === undefined || KIND_RANK[key.kind] < KIND_RANK[best.kind]) best = key;
  return best;
}

/** Label from a business key (`application 7b831e4d…`), or `null` for weak kinds. */
export function keyLabel(key: CorrelationKey): string | null {
  const prefix = LABEL_PREFIX[key.kind];
  if (prefix === undefined) return null;
  const short = key.value.length > 8 ? `${key.value.slice(0, 8)}…` : key.value;
  return `${prefix} ${short}`;
}

/** Fallback label from the founding exchange: method and last path segment (`POST /token`). */
export function exchangeLabel(exchange: Exchange): string {
  return exchangeLabelAt(exchange, parseUrl(exchange.request.url));
}

/** {@link exchangeLabel} with the request URL already parsed. */
export function exchangeLabelAt(exchange: Exchange, url: UrlParts | null): string {
  const { method } = exchange.request;
  const path = url?.pathname ?? exchange.request.url;
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  // The last non-empty path segment.
  return `${method} /${path.slice(path.lastIndexOf('/', end - 1) + 1, end)}`;
}

/**
 * What to do next in a flow: the state's steps, except that a flow with no application yet says
 * nothing (a token call) or describes the pre-approval path when it has a pre-approval id.
 */
export function expectedNextFor(state: ApplicationState, kinds: ReadonlySet<CorrelationKind>): string[] {
  return expectedNextOf(
    state,
    kinds.has('applicationGUID') || kinds.has('partnerSessionId'),
    kinds.has('preApprovalRequestId'),
  );
}

/** {@link expectedNextFor} from the two facts about the key kinds it depends on. */
export function expectedNextOf(
  state: ApplicationState,
  hasApplication: boolean,
  hasPreApproval: boolean,
): string[] {
  if (state === 'unknown') {
    if (hasApplication) return [...stateInfo(state).expectedNext];
    if (hasPreApproval)
      return ['consumer completes the pre-approval form; expect webhook PRE_APPROVAL_LEADS'];
    return [];
  }
  return [...stateInfo(state).expectedNext];
}
