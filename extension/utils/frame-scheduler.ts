/** Schedules one call of `flush` (the caller guarantees it never has two pending). */
export type FlushScheduler = (flush: () => void) => void;

/** Fallback delay, in milliseconds, when no animation frame arrives. Defaults used by {@link animationFrameScheduler}. */
export const FLUSH_FALLBACK_MS = 250;

/**
 * Runs `flush` on the next animation frame so a burst of captured calls renders once per frame. A
 * hidden DevTools panel gets no frames, so a timer flushes anyway after `fallbackMs` (whichever comes
 * first; the other is cancelled).
 */
export function animationFrameScheduler(fallbackMs = FLUSH_FALLBACK_MS): FlushScheduler {
  return (flush) => {
    let done = false;
    const run = (): void => {
      if (done) return;
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      flush();
    };
    const frame = requestAnimationFrame(run);
    const timer = setTimeout(run, fallbackMs);
  };
}

/** Flushes synchronously: for tests and non-UI consumers. */
export const immediateScheduler: FlushScheduler = (flush) => flush();
