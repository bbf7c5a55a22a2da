import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import type { CaptureProblem, ExchangeListener, ProblemListener } from '../capture-source.ts';
import { type CoalesceTimers, CoalescingSource } from '../coalescing-source.ts';
import { FakeCaptureSource } from '../fake-capture-source.ts';

function exchange(id: string): Exchange {
  return {
    id,
    source: 'page',
    request: {
      id,
      timestamp: '',
      type: 'request',
      method: 'GET',
      url: `https://api.example.test/${id}`,
      headers: {},
      partnerId: '',
      userId: '',
    },
    timings: { startedAt: 0 },
    masked: false,
    requestBodyStatus: 'absent',
    responseBodyStatus: 'absent',
  };
}

/** A hand-driven clock: `advance` runs the timers that come due, in order. */
class FakeTimers implements CoalesceTimers {
  time = 0;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;
  now(): number {
    return this.time;
  }
  set(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  get pending(): number {
    return this.#timers.size;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}

function setup() {
  const inner = new FakeCaptureSource();
  const timers = new FakeTimers();
  const source = new CoalescingSource({ inner, intervalMs: 200, timers });
  const got: string[] = [];
  source.start(
    (x) => got.push(x.id),
    (p) => got.push(`problem:${p.message}`),
  );
  return { inner, timers, source, got };
}

describe('CoalescingSource', () => {
  it('hands the first call on at once and the rest of a burst in one batch, in arrival order', () => {
    const { inner, timers, got } = setup();
    inner.emit(exchange('a'));
    expect(got).toEqual(['a']);
    timers.advance(10);
    inner.emit(exchange('b'));
    inner.fail({ message: 'odd' });
    timers.advance(50);
    inner.emit(exchange('c'));
    expect(got).toEqual(['a']); // held: the last delivery was less than 200 ms ago
    timers.advance(139);
    expect(got).toEqual(['a']);
    timers.advance(1); // 200 ms after the first delivery
    expect(got).toEqual(['a', 'b', 'problem:odd', 'c']);
    expect(timers.pending).toBe(0);
  });

  it('delivers at once again after a quiet interval, and at most once per interval while calls keep coming', () => {
    const { inner, timers, got } = setup();
    inner.emit(exchange('a'));
    timers.advance(500);
    inner.emit(exchange('b'));
    expect(got).toEqual(['a', 'b']);
    const deliveries: number[] = [];
    let seen = got.length;
    for (let i = 0; i < 100; i++) {
      timers.advance(10);
      inner.emit(exchange(`x${i}`));
      if (got.length !== seen) {
        deliveries.push(timers.now());
        seen = got.length;
      }
    }
    timers.advance(200);
    expect(got).toHaveLength(102);
    // 1 s of calls every 10 ms: one delivery per 200 ms, never one per call.
    expect(deliveries.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < deliveries.length; i++)
      expect((deliveries[i] as number) - (deliveries[i - 1] as number)).toBeGreaterThanOrEqual(200);
  });

  it('stop discards held calls, cancels the timer and stops the inner source', () => {
    const { inner, timers, source, got } = setup();
    inner.emit(exchange('a'));
    inner.emit(exchange('b'));
    source.stop();
    expect(inner.stopCount).toBe(2); // start() stops first, then this stop
    expect(timers.pending).toBe(0);
    timers.advance(1000);
    expect(got).toEqual(['a']);
  });

  it('ignores a late delivery from the inner source after stop', () => {
    let late: ExchangeListener | undefined;
    let lateProblem: ProblemListener | undefined;
    const inner = {
      start(onExchange: ExchangeListener, onProblem?: ProblemListener) {
        late = onExchange;
        lateProblem = onProblem;
      },
      stop() {},
    };
    const timers = new FakeTimers();
    const source = new CoalescingSource({ inner, timers });
    const got: string[] = [];
    source.start((x) => got.push(x.id));
    source.stop();
    late?.(exchange('late'));
    lateProblem?.({ message: 'late' } satisfies CaptureProblem);
    timers.advance(1000);
    expect(got).toEqual([]);
  });

  it('a second start replaces the listeners and drops what the first one still held', () => {
    const { inner, timers, source, got } = setup();
    inner.emit(exchange('a'));
    inner.emit(exchange('held'));
    const second: string[] = [];
    source.start((x) => second.push(x.id));
    timers.advance(1000);
    inner.emit(exchange('b'));
    expect(got).toEqual(['a']);
    expect(second).toEqual(['b']);
  });

  it('passes setCaptureOther through', () => {
    const { inner, source } = setup();
    source.setCaptureOther(true);
    expect(inner.captureOther).toBe(true);
  });
});
