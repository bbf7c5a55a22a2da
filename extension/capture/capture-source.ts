import type { Exchange } from '../../shared/src/model/exchange.ts';

/**
 * Why a captured call could not be recorded. Reported, not thrown, so one odd request never stops
 * capture.
 */
export interface CaptureProblem {
  /** URL of the call, when known. */
  url?: string;
  message: string;
}

/** Receives every recorded call, unmasked (the panel model masks it on arrival). */
export type ExchangeListener = (exchange: Exchange) => void;

/** Receives calls that matched but could not be converted. */
export type ProblemListener = (problem: CaptureProblem) => void;

/**
 * Where captured Avvance calls come from: `chrome.devtools.network` in the panel, a fake in tests,
 * later a HAR file or a relay stream. A source only delivers Avvance calls (it filters before doing
 * any expensive work such as fetching bodies).
 */
export interface CaptureSource {
  /**
   * Starts delivering exchanges to `onExchange` (and conversion failures to `onProblem`). Calling
   * `start` on a started source replaces the listeners.
   */
  start(onExchange: ExchangeListener, onProblem?: ProblemListener): void;
  /** Stops delivering; exchanges still being read when `stop` is called are discarded. Idempotent. */
  stop(): void;
}
