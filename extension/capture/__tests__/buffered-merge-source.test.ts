import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import type { BufferedCalls } from '../background-link.ts';
import {
  type BackfillingSource,
  BufferedMergeSource,
  callKey,
  recordedBeforeDevtools,
  takeSameCall,
} from '../buffered-merge-source.ts';
import type { CaptureInfo, ExchangeListener } from '../capture-source.ts';

function exchange(id: string, url: string, startedAt: number, masked = false): Exchange {
  return {
    id,
    source: 'page',
    request: {
      id,
      timestamp: '',
      type: 'request',
      method: 'GET',
      url,
      headers: {},
      partnerId: '',
      userId: '',
    },
    timings: { startedAt },
    masked,
    requestBodyStatus: 'absent',
    responseBodyStatus: 'absent',
  };
}

class FakeDevtools implements BackfillingSource {
  listener: ExchangeListener | undefined;
  stopped = 0;
  #done: () => void = () => {};
  readonly #backfilled = new Promise<void>((resolve) => {
    this.#done = resolve;
  });
  start(onExchange: ExchangeListener): void {
    this.listener = onExchange;
  }
  stop(): void {
    this.stopped++;
  }
  backfilled(): Promise<void> {
    return this.#backfilled;
  }
  finishBackfill(): void {
    this.#done();
  }
}

function deferred<T>() {
  let resolve: (v: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const API = 'http://127.0.0.1:5173/api/avvance';

describe('callKey / takeSameCall', () => {
  it('matches method, origin and path within the tolerance, ignoring the (maskable) query', () => {
    const keys = [callKey(exchange('a', `${API}/orders/1?email=%E2%80%B9email%23abc%E2%80%BA`, 1000))];
    expect(takeSameCall([...keys], callKey(exchange('b', `${API}/orders/2`, 1000)))).toBeUndefined();
    expect(takeSameCall([...keys], callKey(exchange('b', `${API}/orders/1`, 4000)))).toBeUndefined();
    expect(takeSameCall(keys, callKey(exchange('b', `${API}/orders/1?email=x@y.test`, 1400)))).toBeDefined();
    expect(keys).toEqual([]);
  });
});

describe('BufferedMergeSource', () => {
  it('delivers buffered calls after the DevTools backfill, marked, skipping calls DevTools already has', async () => {
    const devtools = new FakeDevtools();
    const buffer = deferred<BufferedCalls>();
    const source = new BufferedMergeSource({ inner: devtools, buffered: () => buffer.promise });
    const got: [Exchange, CaptureInfo | undefined][] = [];
    source.start((x, info) => got.push([x, info]));
    // DevTools' backfill has the price breakdown (made after DevTools opened, before the panel showed).
    devtools.listener!(exchange('dt-1', `${API}/price-breakdown`, 5000), { avvance: true });
    buffer.resolve({
      calls: [
        exchange('bg-1', `${API}/checkout`, 1000, true),
        exchange('bg-2', `${API}/price-breakdown`, 5020, true),
      ],
      dropped: 0,
    });
    await Promise.resolve();
    expect(got.map(([x]) => x.id)).toEqual(['dt-1']);
    devtools.finishBackfill();
    await expect.poll(() => got.length).toBe(2);
    expect(got[1]![0]).toMatchObject({ id: 'bg-1', recordedBeforeDevtools: true, masked: true });
    expect(got[1]![1]).toEqual({ avvance: true });
    expect(recordedBeforeDevtools.value).toBe(1);

    // A late DevTools report of a buffered call is not listed twice; other calls pass through.
    devtools.listener!(exchange('dt-2', `${API}/checkout`, 1010), { avvance: true });
    devtools.listener!(exchange('dt-3', `${API}/orders/9`, 9000), { avvance: true });
    expect(got.map(([x]) => x.id)).toEqual(['dt-1', 'bg-1', 'dt-3']);
  });

  it('delivers nothing from a stopped start, and forwards stop / setCaptureOther', async () => {
    const devtools = new FakeDevtools();
    let other: boolean | undefined;
    (devtools as BackfillingSource).setCaptureOther = (on) => {
      other = on;
    };
    const source = new BufferedMergeSource({
      inner: devtools,
      buffered: async () => ({ calls: [exchange('bg', `${API}/x`, 1, true)], dropped: 0 }),
    });
    const got: Exchange[] = [];
    source.start((x) => got.push(x));
    source.setCaptureOther(true);
    source.stop();
    devtools.finishBackfill();
    await devtools.backfilled();
    await Promise.resolve();
    expect(got).toEqual([]);
    expect(devtools.stopped).toBe(1);
    expect(other).toBe(true);
  });
});

describe('takeSameCall: closest match', () => {
  it('takes the closest start among calls of the same status', () => {
    const at = (t: number) => callKey(exchange(String(t), `${API}/checkout`, t));
    const keys = [at(1000), at(1900), at(2400)];
    expect(takeSameCall(keys, at(2350))?.startedAt).toBe(2400);
    expect(keys.map((k) => k.startedAt)).toEqual([1000, 1900]);
    const withStatus = { ...at(1000), status: 400 };
    expect(takeSameCall(keys, withStatus)).toBeUndefined();
  });
});
