/** Default interval between two polls, in milliseconds. */
export const POLL_INTERVAL_MS = 50;

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this many milliseconds. Defaults to 10_000. */
  timeoutMs?: number;
  /** What is awaited, for the timeout message. */
  what: string;
  /** Milliseconds between polls. Defaults to {@link POLL_INTERVAL_MS}. */
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns a truthy value and returns that value. Exceptions thrown by the probe
 * count as "not ready yet" (targets appear and navigate while we poll); the last one is reported on
 * timeout.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  options: WaitForOptions,
): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, what, intervalMs = POLL_INTERVAL_MS } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (e: unknown) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
