import type { Exchange } from '../../shared/src/model/exchange.ts';
import type {
  CaptureInfo,
  CaptureProblem,
  CaptureSource,
  ExchangeListener,
  ProblemListener,
} from './capture-source.ts';

/** Default least time (ms) between two deliveries while calls keep arriving. */
export const COALESCE_INTERVAL_MS = 200;

/** Timer functions; tests pass fakes. */
export interface CoalesceTimers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Options of {@link CoalescingSource}. */
export interface CoalescingSourceOptions {
  inner: CaptureSource;
  /** Least time (ms) between two deliveries. Defaults to {@link COALESCE_INTERVAL_MS}. */
  intervalMs?: number;
  /** Defaults to `performance.now` and `setTimeout`. */
  timers?: CoalesceTimers;
}

type Arrival =
  | { kind: 'exchange'; exchange: Exchange; info: CaptureInfo | undefined }
  | { kind: 'problem'; problem: CaptureProblem };

const realTimers: CoalesceTimers = {
  now: () => performance.now(),
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Hands a burst of captured calls on in batches: the first call after a quiet `intervalMs` at once, the
 * rest at most once per `intervalMs`, in arrival order. The panel masks, indexes and re-renders its
 * whole list per delivery turn (O(listed calls) per render), so a page making a call every few ms cost
 * one render per call — CPU the page competes for on a small machine (benchmark 6). Batching makes
 * that one render per `intervalMs`, with no call delayed longer than that.
 */
export class CoalescingSource implements CaptureSource {
  readonly #inner: CaptureSource;
  readonly #interval: number;
  readonly #timers: CoalesceTimers;
  #queue: Arrival[] = [];
  #timer: unknown;
  #lastDelivery = Number.NEGATIVE_INFINITY;
  #deliver: ((arrivals: Arrival[]) => void) | undefined;

  constructor(options: CoalescingSourceOptions) {
    this.#inner = options.inner;
    this.#interval = options.intervalMs ?? COALESCE_INTERVAL_MS;
    this.#timers = options.timers ?? realTimers;
  }

  start(onExchange: ExchangeListener, onProblem: ProblemListener = () => {}): void {
    this.stop();
    this.#deliver = (arrivals) => {
      for (const a of arrivals) {
        if (a.kind === 'exchange') onExchange(a.exchange, a.info);
        else onProblem(a.problem);
      }
    };
    this.#inner.start(
      (exchange, info) => this.#arrive({ kind: 'exchange', exchange, info }),
      (problem) => this.#arrive({ kind: 'problem', problem }),
    );
  }

  stop(): void {
    this.#inner.stop();
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
    this.#deliver = undefined;
  }

  setCaptureOther(on: boolean): void {
    this.#inner.setCaptureOther?.(on);
  }

  setPausedSince(since: number | undefined): void {
    this.#inner.setPausedSince?.(since);
  }

  #arrive(arrival: Arrival): void {
    if (!this.#deliver) return;
    this.#queue.push(arrival);
    if (this.#timer !== undefined) return;
    const wait = this.#lastDelivery + this.#interval - this.#timers.now();
    if (wait <= 0) this.#flush();
    else this.#timer = this.#timers.set(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    const arrivals = this.#queue;
    this.#queue = [];
    this.#lastDelivery = this.#timers.now();
    this.#deliver?.(arrivals);
  }
}
