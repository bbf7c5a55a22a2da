import type { Exchange } from '../model/exchange.ts';
import type { ApplicationState } from '../model/flow.ts';
import { parseUrl, type UrlParts } from './parse-url.ts';
import { stateFromLoanStatus, stateFromWebhookStatus } from './states.ts';

/** Longest string body parsed to look for a status, in characters. */
const MAX_STATUS_TEXT = 262_144;

const CREATE_PATH = /\/avvance-loan\/v1\/create\/?$/i;
const VOID_PATH = /\/avvance-loan\/v1\/void\/?$/i;
const REFUND_PATH = /\/avvance-loan\/v1\/refund\/?$/i;

/**
 * The application state an exchange reports, or `null` when it says nothing about it:
 * - a loan-status webhook (request body) or notification-status response: `eventDetails.loanStatus.status`;
 * - a `loan-status` response: top-level `loanStatus` (`AUTHORIZED`, `SETTLED`, `VOIDED`, …);
 * - a successful financing initiation (`…/avvance-loan/v1/create`, or any response carrying
 *   `consumerOnboardingURL`) → `created`; a successful `void` → `voided`; `refund` → `refund-in-progress`.
 * Responses count only when 2xx; a webhook counts whatever the receiver answered (the event happened).
 */
export function observeState(exchange: Exchange): ApplicationState | null {
  return observeStateAt(exchange, parseUrl(exchange.request.url));
}

/** {@link observeState} with the request URL already parsed (`FlowIndex` caches it). */
export function observeStateAt(exchange: Exchange, url: UrlParts | null): ApplicationState | null {
  const fromWebhook = webhookStatus(asObject(exchange.request.body));
  if (fromWebhook !== null) return fromWebhook;
  const { response } = exchange;
  if (response === undefined || response.error !== undefined) return null;
  if (response.status < 200 || response.status > 299) return null;
  const body = asObject(response.body);
  const fromNotification = webhookStatus(body);
  if (fromNotification !== null) return fromNotification;
  if (body !== null && typeof body['loanStatus'] === 'string') {
    const fromLoan = stateFromLoanStatus(body['loanStatus']);
    if (fromLoan !== null) return fromLoan;
  }
  const pathname = url?.pathname ?? '';
  if (CREATE_PATH.test(pathname) || (body !== null && typeof body['consumerOnboardingURL'] === 'string')) {
    return 'created';
  }
  if (VOID_PATH.test(pathname)) return 'voided';
  if (REFUND_PATH.test(pathname)) return 'refund-in-progress';
  return null;
}

function webhookStatus(body: Record<string, unknown> | null): ApplicationState | null {
  const details = asObject(body?.['eventDetails']);
  const loanStatus = asObject(details?.['loanStatus']);
  const status = loanStatus?.['status'];
  return typeof status === 'string' ? stateFromWebhookStatus(status) : null;
}

function asObject(value: unknown): Record<string, unknown> | null {
  let v = value;
  if (typeof v === 'string' && v.length <= MAX_STATUS_TEXT && v.trimStart().startsWith('{')) {
    try {
      v = JSON.parse(v);
    } catch (e: unknown) {
      if (!(e instanceof SyntaxError)) throw e;
      return null;
    }
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
