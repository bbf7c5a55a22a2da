import type { RequestLog, ResponseLog } from './logs.ts';

/**
 * Where an exchange was seen:
 * - `page`: captured by DevTools from the page under test (`chrome.devtools.network`, or an imported HAR);
 * - `replay`: re-sent from the panel through the relay;
 * - `popup`: sent from the toolbar popup through the relay;
 * - `proxy`: a partner backend's server-side call through the relay's pass-through;
 * - `webhook`: an Avvance webhook received by the relay.
 */
export type ExchangeSource = 'page' | 'replay' | 'popup' | 'proxy' | 'webhook';

/** All exchange sources, in display order. */
export const EXCHANGE_SOURCES: readonly ExchangeSource[] = ['page', 'replay', 'popup', 'proxy', 'webhook'];

/**
 * What happened to a body on its way into the model. Lossy states are explicit so the UI can say
 * why a body is missing instead of showing an empty one.
 */
export type BodyStatus = 'complete' | 'absent' | 'binary' | 'discarded:too-large' | 'unavailable';

/** Phase timings in milliseconds (HAR `timings` names); -1 or absent when not applicable. */
export interface ExchangeTimings {
  /** Epoch milliseconds when the request started. */
  startedAt: number;
  blocked?: number;
  dns?: number;
  connect?: number;
  ssl?: number;
  send?: number;
  wait?: number;
  receive?: number;
}

/** One call: the request, its response (or error), timings, and where it was seen. */
export interface Exchange {
  /** Unique id of this exchange inside a capture (not the correlation id, which may repeat). */
  id: string;
  source: ExchangeSource;
  request: RequestLog;
  /** Absent while the call is in flight. */
  response?: ResponseLog;
  timings: ExchangeTimings;
  /** True once PII and secrets in this copy have been masked. */
  masked: boolean;
  /** Id of the exchange this one replays, when `source` is `replay` or `popup` from an original. */
  replayOf?: string;
  requestBodyStatus: BodyStatus;
  responseBodyStatus: BodyStatus;
  /** Who published it into a team session (display name), when it came from the relay stream. */
  sentBy?: string;
  /** Upstream environment name (e.g. `sandbox`, `production`) when known. */
  environment?: string;
  /**
   * True when the extension's page script recorded the call before DevTools was opened (background
   * capture, opt-in per site). Such calls were masked when recorded, so there is no original to reveal.
   * Absent (false) for everything else.
   */
  recordedBeforeDevtools?: boolean;
}
