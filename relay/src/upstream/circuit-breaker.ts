/** Breaker states: `closed` (calls flow), `open` (calls refused), `half-open` (one probe call allowed). */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Numeric breaker state for metrics gauges: closed 0, half-open 1, open 2. */
export const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures (network errors, timeouts, 5xx) that open the breaker. Defaults to 5. */
  failureThreshold?: number;
  /** How long the breaker stays open before letting one probe through, ms. Defaults to 30 000. */
  openMs?: number;
  /** Clock in epoch ms. Defaults to `Date.now`. */
  now?: () => number;
  /** Called on every state change (logs, metrics). */
  onStateChange?: (state: BreakerState, previous: BreakerState) => void;
}

/** Permission to make one upstream call; report its outcome exactly once. */
export interface BreakerPermit {
  /** True when this call is the half-open probe. */
  readonly probe: boolean;
  /** The call got an answer that says the upstream is healthy (any status below 500). */
  success(): void;
  /** The call failed in a way that says the upstream is not healthy (network error, timeout, 5xx). */
  failure(): void;
  /** The call ended for a reason that says nothing about the upstream (caller aborted, relay error). */
  release(): void;
}

/** Result of {@link CircuitBreaker.acquire}. */
export type BreakerDecision = { ok: true; permit: BreakerPermit } | { ok: false; retryAfterMs: number };

/**
 * A per-upstream circuit breaker: closed until `failureThreshold` consecutive failures, then open for
 * `openMs` (calls refused with a retry delay), then half-open: a single probe call decides between closed
 * (success) and open again (failure). Synchronous and timer-free: time comes from `now`.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  readonly #onChange: ((state: BreakerState, previous: BreakerState) => void) | undefined;
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probeInFlight = false;

  constructor(opts: CircuitBreakerOptions = {}) {
    this.#threshold = opts.failureThreshold ?? 5;
    this.#openMs = opts.openMs ?? 30_000;
    this.#now = opts.now ?? Date.now;
    this.#onChange = opts.onStateChange;
    if (!Number.isInteger(this.#threshold) || this.#threshold < 1)
      throw new TypeError('failureThreshold must be a positive integer');
    if (!Number.isFinite(this.#openMs) || this.#openMs <= 0) throw new TypeError('openMs must be > 0');
  }

  /** Current state (an open breaker whose delay has passed reports `half-open`). */
  get state(): BreakerState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#openMs) return 'half-open';
    return this.#state;
  }

  /** Consecutive failures counted so far. */
  get failures(): number {
    return this.#failures;
  }

  /** Asks to make one call. Refused while open, and in half-open while the probe is in flight. */
  acquire(): BreakerDecision {
    const state = this.state;
    if (state === 'closed') return { ok: true, permit: this.#permit(false) };
    if (state === 'half-open' && !this.#probeInFlight) {
      this.#set('half-open');
      this.#probeInFlight = true;
      return { ok: true, permit: this.#permit(true) };
    }
    const left = this.#openMs - (this.#now() - this.#openedAt);
    return { ok: false, retryAfterMs: Math.max(1000, left) };
  }

  #permit(probe: boolean): BreakerPermit {
    let done = false;
    const once = (fn: () => void) => () => {
      if (done) return;
      done = true;
      if (probe) this.#probeInFlight = false;
      fn();
    };
    return {
      probe,
      success: once(() => {
        this.#failures = 0;
        if (this.#state !== 'closed') this.#set('closed');
      }),
      failure: once(() => {
        this.#failures++;
        if (probe || this.#state === 'half-open' || this.#failures >= this.#threshold) this.#open();
      }),
      release: once(() => {}),
    };
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#set('open');
  }

  #set(state: BreakerState): void {
    const previous = this.#state;
    this.#state = state;
    if (previous !== state) this.#onChange?.(state, previous);
  }
}
