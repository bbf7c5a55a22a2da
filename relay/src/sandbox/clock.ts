/** Handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

/**
 * Time source of the sandbox. Every expiry (tokens, links, approvals, leads, product changes) and every
 * webhook retry reads this clock, so tests pass a {@link FakeClock} instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms` milliseconds (never keeps the process alive). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `Date.now()` and unref'd Node timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** A manual clock for tests: time moves only when {@link FakeClock.advance} is called. */
export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order (synchronously). */
  advance(ms: number): void;
  /** Number of timers still pending. */
  pending(): number;
}

/** Creates a {@link FakeClock} starting at `start` (ms since the epoch). Defaults to 2024-05-10T12:00Z. */
export function createFakeClock(start = Date.UTC(2024, 4, 10, 12)): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      seq += 1;
      timers.set(seq, { at: now + Math.max(0, ms), fn });
      return { id: seq };
    },
    clearTimeout(handle) {
      if (typeof handle === 'object' && handle !== null && 'id' in handle) timers.delete(handle.id);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        let nextId: number | undefined;
        let nextAt = Number.POSITIVE_INFINITY;
        for (const [id, t] of timers) {
          if (t.at <= target && t.at < nextAt) {
            nextAt = t.at;
            nextId = id;
          }
        }
        if (nextId === undefined) break;
        const timer = timers.get(nextId)!;
        timers.delete(nextId);
        now = Math.max(now, timer.at);
        timer.fn();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Avvance's business durations at real speed (ms). */
export const SANDBOX_DURATIONS = {
  /** Access token lifetime: 899 s (the `expiresIn` Avvance announces). */
  tokenTtlMs: 899_000,
  /** An approved application must be accepted within 48 h. */
  approvedExpiryMs: 48 * HOUR,
  /** A consumerOnboardingURL is valid 30 days. */
  linkExpiryMs: 30 * DAY,
  /** A pre-approval lead expires after 15 days. */
  leadExpiryMs: 15 * DAY,
  /** A merchant may change its products once per 24 h. */
  productChangeMs: 24 * HOUR,
} as const;

/** The business durations, each divided by `timeScale` (1 = real speed; 3600 turns an hour into a second). */
export type SandboxDurations = { readonly [K in keyof typeof SANDBOX_DURATIONS]: number };

/** {@link SANDBOX_DURATIONS} compressed by `timeScale`. */
export function scaledDurations(timeScale: number): SandboxDurations {
  const out = {} as Record<keyof typeof SANDBOX_DURATIONS, number>;
  for (const [key, ms] of Object.entries(SANDBOX_DURATIONS)) {
    out[key as keyof typeof SANDBOX_DURATIONS] = Math.max(1, Math.round(ms / timeScale));
  }
  return out;
}
