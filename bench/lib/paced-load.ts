/**
 * An open-loop load generator at an evenly paced fixed rate. autocannon's `overallRate` is a per-second
 * budget: every connection fires its whole share back to back when the second starts and then waits,
 * so "500 req/s" there is a burst at max throughput twice a second and its latency is queueing in that
 * burst. Here request i is sent at t0 + i / rate whether or not earlier ones have answered (open loop),
 * over a keep-alive undici Pool with spare connections, and latency runs from the send to the last body
 * byte.
 */
import { Pool } from 'undici';

export interface PacedOptions {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Requests per second, evenly spaced. */
  rate: number;
  seconds: number;
  /** Keep-alive sockets; enough that a request never waits for a free one at the nominal rate. */
  connections?: number;
}

export interface PacedResult {
  /** ms from send to the last body byte, successful (2xx) responses only. */
  latencies: number[];
  errors: number;
  sent: number;
  /** Sends more than 2 ms behind their schedule: the generator itself could not keep the pace. */
  late: number;
}

export async function pacedLoad(o: PacedOptions): Promise<PacedResult> {
  const url = new URL(o.url);
  const pool = new Pool(url.origin, { connections: o.connections ?? 32, pipelining: 1 });
  const path = `${url.pathname}${url.search}`;
  const total = Math.round(o.rate * o.seconds);
  const interval = 1000 / o.rate;
  const latencies: number[] = [];
  let errors = 0;
  let late = 0;
  const inflight: Promise<void>[] = [];
  const send = (): Promise<void> => {
    const start = performance.now();
    return pool
      .request({ path, method: o.method, headers: o.headers, ...(o.body ? { body: o.body } : {}) })
      .then(async (res) => {
        await res.body.arrayBuffer();
        if (res.statusCode >= 200 && res.statusCode < 300) latencies.push(performance.now() - start);
        else errors++;
      })
      .catch(() => {
        errors++;
      });
  };
  await new Promise<void>((done) => {
    const t0 = performance.now();
    let i = 0;
    const tick = (): void => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        if (now - (t0 + i * interval) > 2) late++;
        inflight.push(send());
        i++;
      }
      if (i >= total) done();
      else setTimeout(tick, Math.max(0, t0 + i * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inflight);
  await pool.close();
  return { latencies, errors, sent: total, late };
}
