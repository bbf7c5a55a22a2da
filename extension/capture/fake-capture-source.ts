import type { Exchange } from '../../shared/src/model/exchange.ts';
import type {
  CaptureInfo,
  CaptureProblem,
  CaptureSource,
  ExchangeListener,
  ProblemListener,
} from './capture-source.ts';

/** A {@link CaptureSource} driven by hand, for tests and demos. */
export class FakeCaptureSource implements CaptureSource {
  #onExchange: ExchangeListener | undefined;
  #onProblem: ProblemListener | undefined;
  /** How many times `start` was called. */
  startCount = 0;
  /** How many times `stop` was called. */
  stopCount = 0;
  /** Last value passed to `setCaptureOther`. */
  captureOther = false;

  /** True between `start` and `stop`. */
  get started(): boolean {
    return this.#onExchange !== undefined;
  }

  start(onExchange: ExchangeListener, onProblem?: ProblemListener): void {
    this.startCount++;
    this.#onExchange = onExchange;
    this.#onProblem = onProblem;
  }

  stop(): void {
    this.stopCount++;
    this.#onExchange = undefined;
    this.#onProblem = undefined;
  }

  setCaptureOther(on: boolean): void {
    this.captureOther = on;
  }

  /** Last value passed to `setPausedSince`. */
  pausedSince: number | undefined;

  setPausedSince(since: number | undefined): void {
    this.pausedSince = since;
  }

  /** Delivers `exchange` as if it had just been captured. Ignored while stopped, like a real source. */
  emit(exchange: Exchange, info?: CaptureInfo): void {
    this.#onExchange?.(exchange, info);
  }

  /** Reports a capture problem. Ignored while stopped. */
  fail(problem: CaptureProblem): void {
    this.#onProblem?.(problem);
  }
}
