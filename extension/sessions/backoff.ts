/** Reconnect delays: exponential with jitter, like the `tail` client (docs/relay.md). */
export interface BackoffOptions {
  /** First delay, ms. Defaults to 500. */
  initialMs?: number;
  /** Longest delay, ms. Defaults to 15 000. */
  maxMs?: number;
  /** Lowest fraction of the delay actually waited (jitter spreads reconnects). Defaults to 0.5. */
  minJitter?: number;
}

/** Defaults of {@link BackoffOptions}. */
export const BACKOFF_DEFAULTS = { initialMs: 500, maxMs: 15_000, minJitter: 0.5 } as const;

/**
 * Delay before reconnect attempt `attempt` (0-based): `initialMs · 2^attempt`, capped at `maxMs`, times a
 * random factor in `[minJitter, 1]` so a relay restart does not get every client back at the same instant.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  opts: BackoffOptions = {},
): number {
  const o = { ...BACKOFF_DEFAULTS, ...opts };
  const base = Math.min(o.maxMs, o.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (o.minJitter + (1 - o.minJitter) * random()));
}
