import { afterEach, describe, expect, it } from 'vitest';
import {
  answerToken,
  CANARY,
  closedPort,
  environment,
  OTHER,
  type RelayHarness,
  type ReplayJson,
  startHttpServer,
  startRelay,
  type TestServer,
} from '../upstream/__tests__/harness.ts';

let relay: RelayHarness | undefined;
const servers: TestServer[] = [];
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function replay(r: RelayHarness, token: string, body: Record<string, unknown>) {
  const res = await fetch(`${r.url}/v1/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as ReplayJson };
}

describe('circuit breaker per environment', () => {
  it('opens after consecutive failures (503 + Retry-After), then recovers through one half-open probe', async () => {
    let now = 1_000_000;
    let healthy = false;
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      if (!healthy) return res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    servers.push(upstream);
    relay = await startRelay({
      environments: [environment('up', upstream.url)],
      upstream: { breakerFailureThreshold: 3, breakerOpenMs: 10_000, now: () => now },
    });
    const token = await relay.token();
    const call = { environment: 'up', method: 'GET', path: '/poslp/x' };
    for (let i = 0; i < 3; i++)
      expect((await replay(relay, token, call)).json.exchange.response.status).toBe(500);
    const calls = upstream.requests.length;

    const open = await replay(relay, token, call);
    expect(open.status).toBe(503);
    expect(open.json.error.code).toBe('RELAY_ERR_UPSTREAM_CIRCUIT_OPEN');
    expect(open.headers.get('retry-after')).toBe('10');
    expect(upstream.requests.length).toBe(calls);
    // The pass-through shares the breaker.
    const proxied = await fetch(`${relay.url}/v1/proxy/up/poslp/x`, {
      headers: { 'x-relay-key': CANARY.apiKey },
    });
    expect(proxied.status).toBe(503);
    expect(relay.app.upstreams.health().find((h) => h.environment === 'up')?.state).toBe('open');
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toContain('relay_breaker_state{environment="up"} 2');

    // Half-open after the delay: a failing probe re-opens it…
    now += 10_000;
    expect((await replay(relay, token, call)).json.exchange.response.status).toBe(500);
    expect((await replay(relay, token, call)).status).toBe(503);
    // …a successful one closes it.
    now += 10_000;
    healthy = true;
    expect((await replay(relay, token, call)).json.exchange.response.status).toBe(200);
    expect((await replay(relay, token, call)).status).toBe(200);
    expect(relay.app.upstreams.health().find((h) => h.environment === 'up')?.state).toBe('closed');
  });

  it('counts unreachable upstreams as failures too', async () => {
    relay = await startRelay({
      environments: [environment('down', `http://127.0.0.1:${await closedPort()}`)],
      upstream: { breakerFailureThreshold: 2, breakerOpenMs: 5_000, now: () => 0 },
    });
    const token = await relay.token();
    const call = { environment: 'down', method: 'GET', path: '/poslp/x' };
    expect((await replay(relay, token, call)).status).toBe(502);
    expect((await replay(relay, token, call)).status).toBe(502);
    expect((await replay(relay, token, call)).status).toBe(503);
  });
});

describe('pass-through upstream faults', () => {
  it('answers 504 on timeout and 502 when unreachable', async () => {
    const slow = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
    });
    servers.push(slow);
    relay = await startRelay({
      environments: [
        environment('slow', slow.url, { timeoutMs: 150 }),
        environment('down', `http://127.0.0.1:${await closedPort()}`),
      ],
    });
    const timeout = await fetch(`${relay.url}/v1/proxy/slow/poslp/x`, {
      headers: { 'x-relay-key': CANARY.apiKey },
    });
    expect(timeout.status).toBe(504);
    expect(((await timeout.json()) as { error: { code: string } }).error.code).toBe(
      'RELAY_ERR_UPSTREAM_TIMEOUT',
    );
    const down = await fetch(`${relay.url}/v1/proxy/down/poslp/x`, {
      headers: { 'x-relay-key': CANARY.apiKey },
    });
    expect(down.status).toBe(502);
    expect(relay.published.map((p) => p.exchange.response?.status)).toEqual([0, 0]);
  });
});

describe('per-partner rate limit', () => {
  it('answers 429 with Retry-After and RateLimit headers, per partner', async () => {
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    servers.push(upstream);
    relay = await startRelay({
      environments: [environment('up', upstream.url)],
      limits: { ratePerMinute: 2 },
    });
    const token = await relay.token();
    const call = { environment: 'up', method: 'GET', path: '/poslp/x' };
    expect((await replay(relay, token, call)).status).toBe(200);
    const second = await replay(relay, token, call);
    expect(second.headers.get('ratelimit-limit')).toBe('2');
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    const limited = await replay(relay, token, call);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RELAY_ERR_RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-reset')).toBeTruthy();
    // Another partner has its own budget (it then fails for lack of credentials, not the limit).
    const other = await replay(relay, await relay.token(OTHER), call);
    expect(other.status).toBe(400);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toContain('relay_rate_limited_total{route="/v1/replay"} 1');
  });
});
