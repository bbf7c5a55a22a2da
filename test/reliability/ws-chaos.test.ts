/**
 * WebSocket chaos on the real relay (`build()`): the relay closed and restarted on the same port while
 * `avvance-workbench tail` (its reconnect logic: backoff + jitter, resume) streams — it reconnects and
 * reports the gap; a 10 000-event burst arrives complete and in order; a consumer that stops reading is cut
 * off (4008) with the relay's memory bounded; 1 000 connect/disconnect cycles leave no connections,
 * handles or RSS growth behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runTail } from '../../relay/src/cli/tail.ts';
import { piiExchange } from '../../relay/src/sessions/__tests__/fixtures.ts';
import { CLOSE_SLOW_CONSUMER } from '../../relay/src/sessions/index.ts';
import { TestClient } from '../../relay/src/test-support/ws-client.ts';
import { CANARY, DEV, startWorkbench, type Workbench, waitFor } from '../security/support/workbench.ts';

const open: Workbench[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  for (const r of open.splice(0)) await r.close().catch(() => undefined);
});

async function start(port?: number): Promise<Workbench> {
  const r = await startWorkbench(port === undefined ? {} : { port });
  open.push(r);
  return r;
}

async function defaultSession(r: Workbench, token: string): Promise<string> {
  const res = await fetch(`${r.url}/v1/sessions/default`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { id: string }).id;
}

const publish = (r: Workbench, n: number, prefix: string) => {
  for (let i = 0; i < n; i++)
    r.app.sessions.publish(CANARY.partnerId, 'default', piiExchange(`${prefix}-${i}`), DEV);
};

describe('relay restart mid-stream', () => {
  it('tail reconnects with backoff to the restarted relay on the same port and reports the gap', async () => {
    const first = await start();
    const token = await first.token();
    const id = await defaultSession(first, token);
    const out: string[] = [];
    const err: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const tail = runTail([`${first.url}/s/${id}`, '--json', '--token', token], {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env: {},
      stopped,
    });
    await waitFor(() => err.some((l) => l.startsWith('subscribed')));
    publish(first, 3, 'before');
    await waitFor(() => out.length === 3);

    await first.close();
    open.splice(open.indexOf(first), 1);
    await waitFor(() => err.some((l) => l.includes('reconnecting')));
    const second = await start(first.port);
    await waitFor(() => err.filter((l) => l.startsWith('subscribed')).length === 2, 10_000).catch((e) => {
      console.log(err.join(''));
      throw e;
    });
    publish(second, 2, 'after');
    await waitFor(() => out.length === 5);
    stop();
    expect(await tail).toBe(0);
    expect(err.join('')).toContain('the relay restarted');
    const ids = out.map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(['before-0', 'before-1', 'before-2', 'after-0', 'after-1']);
    expect(out.join('')).not.toContain('123-45-6789');
  }, 30_000);
});

describe('load', () => {
  it('a 10 000-event burst reaches a subscriber complete and in order', async () => {
    const r = await start();
    const token = await r.token();
    const id = await defaultSession(r, token);
    const c = await TestClient.connect(r.url, id, token);
    clients.push(c);
    await c.hello();
    await c.subscribe(id);
    const t0 = performance.now();
    publish(r, 10_000, 'burst');
    await waitFor(() => c.received.filter((m) => m.type === 'event').length === 10_000, 60_000, 20);
    const seqs = c.received.flatMap((m) => (m.type === 'event' ? [m.seq] : []));
    expect(seqs.every((s, i) => s === i + 1)).toBe(true);
    expect(c.received.some((m) => m.type === 'gap')).toBe(false);
    console.log(`10 000-event burst delivered in ${Math.round(performance.now() - t0)} ms`);
  }, 90_000);

  it('a consumer that stops reading is closed with 4008 while memory stays bounded', async () => {
    const r = await start();
    const token = await r.token();
    const id = await defaultSession(r, token);
    const slow = await TestClient.connect(r.url, id, token);
    clients.push(slow);
    await slow.hello();
    await slow.subscribe(id);
    // Stop reading: the relay's send buffer toward this client fills up.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const rss0 = process.memoryUsage().rss;
    const big = 'x'.repeat(200_000);
    let closed: { code: number } | undefined;
    void slow.closed.then((c) => {
      closed = c;
    });
    // ~200 KB per event; the default cap is 8 MiB of buffered frames.
    for (let i = 0; i < 120 && closed === undefined; i++) {
      r.app.sessions.publish(CANARY.partnerId, 'default', piiExchange(`big-${i}`, { note: big }), DEV);
      if (i % 20 === 0) await new Promise((res) => setTimeout(res, 5));
    }
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => closed !== undefined, 15_000);
    // 4008 when the close frame gets through the full buffer; 1006 when the relay had to terminate.
    expect([CLOSE_SLOW_CONSUMER, 1006]).toContain(closed!.code);
    const dropped = (await (await fetch(`${r.url}/metrics`)).text()).match(
      /^relay_events_dropped_total\{[^}]*\} (\d+)/m,
    );
    expect(Number(dropped?.[1] ?? 0)).toBeGreaterThan(0);
    const grown = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    console.log(`slow consumer: RSS +${grown.toFixed(1)} MiB while up to 120 × 200 KB events were published`);
    expect(grown).toBeLessThan(200);
    expect((await fetch(`${r.url}/health`)).status).toBe(200);
  }, 60_000);

  it('1 000 connect/disconnect cycles leave no connections, handles or RSS growth behind', async () => {
    const r = await start();
    const token = await r.token();
    const id = await defaultSession(r, token);
    const cycle = async () => {
      const c = await TestClient.connect(r.url, id, token);
      await c.hello();
      await c.subscribe(id);
      await c.close();
    };
    // 20 clients at a time: bounded wall time on 2 cores.
    const cycles = async (n: number) => {
      for (let i = 0; i < n; i += 20) await Promise.all(Array.from({ length: 20 }, cycle));
    };
    await cycles(40); // warm-up
    globalThis.gc?.();
    const handles0 = process.getActiveResourcesInfo().length;
    const rss0 = process.memoryUsage().rss;
    await cycles(1_000);
    const metrics = async () =>
      (await (await fetch(`${r.url}/metrics`)).text()).match(/^relay_ws_connections (\d+)/m)?.[1];
    for (let i = 0; i < 50 && (await metrics()) !== '0'; i++) await new Promise((res) => setTimeout(res, 20));
    expect(await metrics()).toBe('0');
    globalThis.gc?.();
    const handles = process.getActiveResourcesInfo().length;
    const grown = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    console.log(`1 000 cycles: handles ${handles0} → ${handles}, RSS +${grown.toFixed(1)} MiB`);
    expect(handles).toBeLessThanOrEqual(handles0 + 5);
    expect(grown).toBeLessThan(64);
  }, 120_000);
});
