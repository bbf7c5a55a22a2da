import { signal } from '@preact/signals';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { BufferedCalls } from './background-link.ts';
import { SAME_CALL_TOLERANCE_MS } from './background-link.ts';
import type { CaptureSource, ExchangeListener, ProblemListener } from './capture-source.ts';

/** What identifies one call across DevTools and background capture. */
export interface CallKey {
  method: string;
  /** Origin and path, without the query (masking may rewrite query values). */
  where: string;
  startedAt: number;
  /** Response status, 0 while pending or on a network error. */
  status: number;
}

/** The {@link CallKey} of an exchange (masked or not). */
export function callKey(exchange: Exchange): CallKey {
  let where = exchange.request.url;
  try {
    const u = new URL(exchange.request.url);
    where = `${u.origin}${u.pathname}`;
  } catch {
    // Keep the raw URL.
  }
  return {
    method: exchange.request.method.toUpperCase(),
    where,
    startedAt: exchange.timings.startedAt,
    status: exchange.response?.status ?? 0,
  };
}

/**
 * Removes and returns the key in `keys` that is the same call as `key` (same method, origin, path and
 * status, start times within `toleranceMs`) and started closest to it; `undefined` when there is none.
 */
export function takeSameCall(
  keys: CallKey[],
  key: CallKey,
  toleranceMs = SAME_CALL_TOLERANCE_MS,
): CallKey | undefined {
  let best = -1;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const gap = Math.abs(k.startedAt - key.startedAt);
    if (k.method !== key.method || k.where !== key.where || k.status !== key.status || gap > toleranceMs)
      continue;
    if (best < 0 || gap < Math.abs(keys[best]!.startedAt - key.startedAt)) best = i;
  }
  return best < 0 ? undefined : keys.splice(best, 1)[0];
}

/** A DevTools-backed source that can tell when its backfill is done. */
export interface BackfillingSource extends CaptureSource {
  backfilled(): Promise<void>;
}

/** Options of {@link BufferedMergeSource}. */
export interface BufferedMergeSourceOptions {
  /** DevTools capture. */
  inner: BackfillingSource;
  /** Background capture's buffer for the inspected tab (masked, recorded before DevTools opened). */
  buffered: () => Promise<BufferedCalls>;
}

/**
 * Calls recorded before DevTools opened, delivered by the latest {@link BufferedMergeSource} start
 * (for the toolbar).
 */
export const recordedBeforeDevtools = signal(0);

/**
 * Merges DevTools capture with background capture's buffer. DevTools calls pass through. Once DevTools'
 * own backfill (`getHAR`) is delivered, each buffered call is delivered too — flagged
 * `recordedBeforeDevtools` — unless DevTools already delivered the same call (method, origin, path and status,
 * start within {@link SAME_CALL_TOLERANCE_MS}): a call both saw is listed once, from DevTools (it has
 * the original for reveal). A DevTools call that arrives later for a buffered call is dropped.
 */
export class BufferedMergeSource implements CaptureSource {
  readonly #inner: BackfillingSource;
  readonly #buffered: () => Promise<BufferedCalls>;
  #generation = 0;

  constructor(options: BufferedMergeSourceOptions) {
    this.#inner = options.inner;
    this.#buffered = options.buffered;
  }

  start(onExchange: ExchangeListener, onProblem?: ProblemListener): void {
    const generation = ++this.#generation;
    // DevTools calls seen before the buffer was merged; afterwards only the buffered keys are needed.
    let seen: CallKey[] | undefined = [];
    const delivered: CallKey[] = [];
    this.#inner.start((exchange, info) => {
      if (info?.avvance !== false) {
        const key = callKey(exchange);
        if (takeSameCall(delivered, key)) return;
        seen?.push(key);
      }
      onExchange(exchange, info);
    }, onProblem);
    void Promise.all([this.#buffered(), this.#inner.backfilled().catch(() => undefined)]).then(
      ([buffered]) => {
        if (generation !== this.#generation) return;
        let count = 0;
        for (const call of buffered.calls) {
          const key = callKey(call);
          if (seen && takeSameCall(seen, key)) continue;
          delivered.push(key);
          count++;
          onExchange({ ...call, recordedBeforeDevtools: true }, { avvance: true });
        }
        seen = undefined;
        recordedBeforeDevtools.value = count;
      },
    );
  }

  stop(): void {
    this.#generation++;
    this.#inner.stop();
  }

  setCaptureOther(on: boolean): void {
    this.#inner.setCaptureOther?.(on);
  }

  setPausedSince(since: number | undefined): void {
    this.#inner.setPausedSince?.(since);
  }
}
