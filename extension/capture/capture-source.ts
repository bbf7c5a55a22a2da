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

/** Facts a source knows about a delivered call. */
export interface CaptureInfo {
  /**
   * True for an Avvance call (bodies read). False for other traffic, delivered only while
   * {@link CaptureSource.setCaptureOther} is on, without response bodies. Defaults to `true`.
   */
  avvance?: boolean;
}

/** Receives every recorded call, unmasked (the panel model masks it on arrival). */
export type ExchangeListener = (exchange: Exchange, info?: CaptureInfo) => void;

/** Receives calls that matched but could not be converted. */
export type ProblemListener = (problem: CaptureProblem) => void;

/**
 * Where captured Avvance calls come from: `chrome.devtools.network` in the panel, a fake in tests,
 * later a relay stream. A source delivers Avvance calls (it filters before doing any expensive work
 * such as fetching bodies), plus, when asked, a body-less record of other traffic.
 */
export interface CaptureSource {
  /**
   * Starts delivering exchanges to `onExchange` (and conversion failures to `onProblem`). Calling
   * `start` on a started source replaces the listeners.
   */
  start(onExchange: ExchangeListener, onProblem?: ProblemListener): void;
  /** Stops delivering; exchanges still being read when `stop` is called are discarded. Idempotent. */
  stop(): void;
  /**
   * Also deliver non-Avvance calls, cheaply (no body is read), flagged `avvance: false`. Sources that
   * only ever see Avvance calls (a relay stream) leave this out. Defaults to off.
   */
  setCaptureOther?(on: boolean): void;
  /**
   * The panel paused recording at `since` (epoch ms), or resumed (`undefined`): calls that started since
   * then are not recorded, so the source need not read or deliver them (reading a body is the expensive
   * part of capture). Calls started before the pause are still delivered. Optional: sources without it
   * deliver everything and the model drops what started while paused.
   */
  setPausedSince?(since: number | undefined): void;
}
