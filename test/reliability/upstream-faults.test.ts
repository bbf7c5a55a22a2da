/**
 * Upstream faults through the real relay (`build()`): hangs, connection resets, slow bodies, invalid JSON,
 * 5xx and huge responses answer a clear 502/503/504 (or the upstream's answer as data), the per-environment
 * breaker opens and recovers, and closing everything leaves no sockets, servers or timers behind.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  answerToken,
  CANARY,
  environment,
  postJson,
  startHttpServer,
  startWorkbench,
  type TestServer,
  type Workbench,
} from '../security/support/workbench.ts';

const TIMEOUT_MS = 400;
const HUGE_BYTES = 12 * 1024 * 1024;
let relay: Workbench;
let upstream: TestServer;
let token: string;
let flakyHealthy = false;
let baseline: Map<string, number>;

function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

beforeAll(async () => {
  baseline = resources();
  upstream = await startHttpServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/auth/oauth2/v1/token') return answerToken(res);
    if (url.startsWith('/poslp/hang')) return; // never answers
    if (url.startsWith('/poslp/reset')) return req.socket.destroy();
    if (url.startsWith('/poslp/slow-body')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.write('{"partial":'); // …and nothing more
    }
    if (url.startsWith('/poslp/garbage'))
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"not json",,]');
    if (url.startsWith('/poslp/huge')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < HUGE_BYTES) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    if (url.startsWith('/poslp/flaky') && flakyHealthy)
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (url.startsWith('/poslp/flaky') || url.startsWith('/poslp/fail'))
      return res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"down"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  // The breakers capture `Date.now` when built: fake the Date (only) so recovery needs no 30 s wait.
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  const env = (name: string) => environment(name, upstream.url, { timeoutMs: TIMEOUT_MS });
  relay = await startWorkbench({
    environments: ['hang', 'reset', 'slow', 'garbage', 'huge', 'fail', 'flaky'].map(env),
    limits: { ratePerMinute: 100_000 },
  });
  token = await relay.token();
});

afterAll(async () => {
  vi.useRealTimers();
  await relay?.close();
  await upstream?.close();
});

const replay = (environment: string, path: string) =>
  postJson(
    `${relay.url}/v1/replay`,
    { environment, method: 'GET', path },
    { authorization: `Bearer ${token}` },
  );

async function proxy(
  environment: string,
  path: string,
): Promise<{ status: number; bytes: number; aborted: boolean }> {
  try {
    const res = await fetch(`${relay.url}/v1/proxy/${environment}${path}`, {
      headers: { 'x-relay-key': CANARY.apiKey },
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.arrayBuffer().catch(() => undefined);
    return { status: res.status, bytes: body?.byteLength ?? -1, aborted: body === undefined };
  } catch {
    return { status: 0, bytes: -1, aborted: true };
  }
}

const code = (res: { json: unknown }) => (res.json as { error?: { code?: string } }).error?.code;

describe('upstream faults', () => {
  it('a hanging upstream: 504 RELAY_ERR_UPSTREAM_TIMEOUT with the failed exchange', async () => {
    const res = await replay('hang', '/poslp/hang');
    expect(res.status).toBe(504);
    expect(code(res)).toBe('RELAY_ERR_UPSTREAM_TIMEOUT');
    expect((res.json as { exchange?: unknown }).exchange).toBeDefined();
    expect((await proxy('hang', '/poslp/hang')).status).toBe(504);
  });

  it('a connection reset: 502 RELAY_ERR_UPSTREAM_UNREACHABLE', async () => {
    const res = await replay('reset', '/poslp/reset');
    expect(res.status).toBe(502);
    expect(code(res)).toBe('RELAY_ERR_UPSTREAM_UNREACHABLE');
    expect((await proxy('reset', '/poslp/reset')).status).toBe(502);
  });

  it('a body that stalls after the headers: replay 504/502; the pass-through aborts cleanly', async () => {
    const res = await replay('slow', '/poslp/slow-body');
    expect([502, 504]).toContain(res.status);
    expect(code(res)).toMatch(/^RELAY_ERR_UPSTREAM_/);
    const p = await proxy('slow', '/poslp/slow-body');
    // Headers were already relayed: the only honest signal left is an aborted body (or a 5xx before it).
    expect(p.aborted || p.status >= 502).toBe(true);
  });

  it('invalid JSON and 5xx are the upstream’s answer, kept as data (no relay 500)', async () => {
    const garbage = await replay('garbage', '/poslp/garbage');
    expect(garbage.status).toBe(200);
    expect((garbage.json as { exchange: { response: { status: number } } }).exchange.response.status).toBe(
      200,
    );
    expect((await proxy('garbage', '/poslp/garbage')).status).toBe(200);
    const fail = await replay('fail', '/poslp/fail');
    expect(fail.status).toBe(200);
    expect((fail.json as { exchange: { response: { status: number } } }).exchange.response.status).toBe(503);
  });

  it('a huge response: replay caps what it keeps; the pass-through streams every byte', async () => {
    const res = await replay('huge', '/poslp/huge');
    expect(res.status).toBe(200);
    expect(res.text.length).toBeLessThan(4 * 1024 * 1024);
    const p = await proxy('huge', '/poslp/huge');
    expect(p.status).toBe(200);
    expect(p.bytes).toBe(HUGE_BYTES);
  });

  it('the breaker opens after 5 failures (503 + Retry-After) and recovers through a probe', async () => {
    for (let i = 0; i < 5; i++) await replay('flaky', '/poslp/flaky');
    const open = await replay('flaky', '/poslp/flaky');
    expect(open.status).toBe(503);
    expect(code(open)).toBe('RELAY_ERR_UPSTREAM_CIRCUIT_OPEN');
    expect(Number(open.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await proxy('flaky', '/poslp/flaky')).status).toBe(503);
    expect(await (await fetch(`${relay.url}/metrics`)).text()).toContain(
      'relay_breaker_state{environment="flaky"} 2',
    );
    // 31 s later the upstream is back: one probe closes the breaker.
    flakyHealthy = true;
    vi.setSystemTime(Date.now() + 31_000);
    const probe = await replay('flaky', '/poslp/flaky');
    expect(probe.status).toBe(200);
    expect((await replay('flaky', '/poslp/flaky')).status).toBe(200);
    expect(await (await fetch(`${relay.url}/metrics`)).text()).toContain(
      'relay_breaker_state{environment="flaky"} 0',
    );
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });

  it('leaves no sockets, servers or timers behind once closed', async () => {
    await relay.close();
    await upstream.close();
    // Let closed handles settle (bounded).
    let grown: string[] = [];
    for (let i = 0; i < 50; i++) {
      const now = resources();
      grown = [...now]
        .filter(([k, n]) => n > (baseline.get(k) ?? 0))
        .map(([k, n]) => `${k}: ${baseline.get(k) ?? 0} → ${n}`);
      if (grown.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(grown).toEqual([]);
  });
});
