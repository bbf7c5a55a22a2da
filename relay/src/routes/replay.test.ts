import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import {
  ADMIN,
  answerToken,
  CANARY,
  closedPort,
  environment,
  MERCHANT_ID,
  OTHER,
  type RelayHarness,
  type ReplayJson,
  startHttpServer,
  startRelay,
  type TestServer,
} from '../upstream/__tests__/harness.ts';

const CREATE = '/poslp/services/avvance-loan/v1/create';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let relay: RelayHarness | undefined;
const servers: TestServer[] = [];
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function createBody() {
  return {
    partnerSessionId: crypto.randomUUID(),
    merchantId: MERCHANT_ID,
    invoiceAmount: '340',
    consumer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', mobilePhone: '9009009000' },
  };
}

async function replay(r: RelayHarness, body: Record<string, unknown>, token?: string) {
  const res = await fetch(`${r.url}/v1/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? (await r.token())}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as ReplayJson };
}

describe('POST /v1/replay against the embedded sandbox', () => {
  it('creates an application with the partner token injected, a fresh Correlation-ID and replayOf kept', async () => {
    relay = await startRelay();
    const original = crypto.randomUUID();
    const res = await replay(relay, {
      method: 'POST',
      path: CREATE,
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer browser-token',
        Cookie: 'sid=browser',
        'X-Api-Key': 'browser-key',
        'Correlation-ID': original,
      },
      body: createBody(),
      replayOf: 'exchange-42',
    });
    expect(res.status).toBe(200);
    const exchange = res.json.exchange as Exchange;
    expect(exchange.response?.status).toBe(201);
    expect(exchange.source).toBe('replay');
    expect(exchange.replayOf).toBe('exchange-42');
    expect(exchange.environment).toBe('sandbox');
    expect(exchange.request.id).toMatch(UUID_V4);
    expect(exchange.request.id).not.toBe(original);
    expect(exchange.request.headers['correlation-id']).toBe(exchange.request.id);
    expect(exchange.request.headers.authorization).toBe('Bearer [injected by relay]');
    expect(exchange.request.headers.cookie).toBeUndefined();
    expect(exchange.request.headers['x-api-key']).toBeUndefined();
    expect(exchange.request.headers['partner-id']).toBe(CANARY.partnerId);
    // Unmasked for the caller: the developer sent this data and needs the real ids to go on.
    expect((exchange.response!.body as { applicationGUID: string }).applicationGUID).toMatch(/-/);
    expect(exchange.masked).toBe(false);

    // The upstream saw the partner's bearer token, not the browser's.
    expect(relay.upstreamAuth).toHaveLength(1);
    const upstreamToken = relay.upstreamAuth[0]!.replace(/^Bearer /, '');
    expect(upstreamToken).not.toBe('browser-token');
    expect(upstreamToken.length).toBeGreaterThan(8);

    // Published masked to the partner's default session.
    expect(relay.published).toHaveLength(1);
    const published = relay.published[0]!;
    expect(published.session).toBe('default');
    expect(published.exchange.masked).toBe(true);
    expect(published.exchange.replayOf).toBe('exchange-42');
    expect(published.exchange.source).toBe('replay');
    expect(JSON.stringify(published.exchange)).not.toContain('ada@example.com');
    expect(res.json.published).toMatchObject({ session: 'default', sequence: 1 });

    // Neither the partner secret nor its token anywhere: response, broadcast, logs.
    const everything = [
      res.text,
      JSON.stringify([...res.headers]),
      JSON.stringify(relay.published),
      ...relay.logs,
    ].join('\n');
    for (const secret of [CANARY.clientSecret, CANARY.clientKey, upstreamToken])
      expect(everything).not.toContain(secret);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).not.toContain(CANARY.clientSecret);
    expect(metrics).toContain(
      'relay_upstream_duration_seconds_count{environment="sandbox",source="replay",status="201"} 1',
    );
  });

  it('publishes to the session named in the body', async () => {
    relay = await startRelay();
    const res = await replay(relay, {
      method: 'GET',
      path: '/poslp/services/avvance-loan/v1/products',
      headers: { Identifier: MERCHANT_ID },
      session: 'team-42',
    });
    expect(res.status).toBe(200);
    expect(relay.published[0]?.session).toBe('team-42');
  });

  it('passes the upstream error status through inside the exchange', async () => {
    relay = await startRelay();
    const res = await replay(relay, { method: 'POST', path: CREATE, body: { merchantId: 'x' } });
    expect(res.status).toBe(200);
    expect(res.json.exchange.response.status).toBe(400);
  });

  it('answers 400 for an unknown environment and for a partner without credentials', async () => {
    relay = await startRelay();
    const unknown = await replay(relay, { environment: 'nope', method: 'GET', path: CREATE });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('RELAY_ERR_UPSTREAM_UNKNOWN_ENVIRONMENT');
    const none = await replay(relay, { method: 'GET', path: CREATE }, await relay.token(OTHER));
    expect(none.status).toBe(400);
    expect(none.json.error.code).toBe('RELAY_ERR_UPSTREAM_NO_CREDENTIALS');
    expect(none.json.error.message).toContain('partner-b');
  });

  it('requires a relay JWT', async () => {
    relay = await startRelay();
    const res = await fetch(`${relay.url}/v1/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: CREATE }),
    });
    expect(res.status).toBe(401);
    const wrong = await replay(relay, { method: 'GET', path: CREATE }, CANARY.apiKey);
    expect(wrong.status).toBe(401);
  });

  it('validates the body against its schema', async () => {
    relay = await startRelay();
    const res = await replay(relay, { method: 'TRACE', path: CREATE });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('RELAY_ERR_VALIDATION');
    const noPath = await replay(relay, { method: 'GET' });
    expect(noPath.status).toBe(400);
    const badSession = await replay(relay, { method: 'GET', path: CREATE, session: '../x' });
    expect(badSession.status).toBe(400);
  });

  it('answers 413 with the JSON envelope above the body limit', async () => {
    relay = await startRelay({ limits: { bodyBytes: 2048 } });
    const res = await replay(relay, { method: 'POST', path: CREATE, body: { pad: 'x'.repeat(4096) } });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('RELAY_ERR_UPSTREAM_BODY_TOO_LARGE');
  });
});

describe('blocked endpoints', () => {
  const blocked: [string, string][] = [
    ['POST', '/poslp/services/avvance-loan/v1/void'],
    ['POST', '/poslp/services/avvance-loan/v1/%76oid'],
    ['POST', '/poslp/services/avvance-loan/v1/void/'],
    ['POST', '/poslp/services/avvance-loan/v1/void;x=1'],
    ['POST', '/poslp/services/avvance-loan/v1/VOID'],
    ['POST', '/poslp/services/avvance-loan/v1/refund'],
    ['POST', '/poslp/services/avvance-loan/v1/%2572efund'],
    ['POST', '/poslp/services/avvance-loan/v1/unenroll'],
    ['PUT', '/poslp/services/avvance-loan/v1/products'],
    ['PUT', '/poslp/services/avvance-loan/v1/product%73'],
    ['POST', '/auth/oauth2/v1/token'],
  ];
  it.each(blocked)('%s %s → 403 with the reason', async (method, path) => {
    relay ??= await startRelay();
    const res = await replay(relay, { method, path, body: {} });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('RELAY_ERR_REPLAY_BLOCKED');
    expect(res.json.error.message).toMatch(/Moves money|merchant|Credential exchange/i);
    expect(relay.upstreamAuth).toHaveLength(0);
  });

  it('refuses configured replayBlocked entries; GET products stays allowed', async () => {
    relay = await startRelay({ replayBlocked: ['GET /poslp/services/avvance-loan/v1/loan-status'] });
    const res = await replay(relay, { method: 'GET', path: '/poslp/services/avvance-loan/v1/loan-status/' });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toContain('replayBlocked');
    const ok = await replay(relay, {
      method: 'GET',
      path: '/poslp/services/avvance-loan/v1/products',
      headers: { Identifier: MERCHANT_ID },
    });
    expect(ok.status).toBe(200);
  });
});

describe('production environments', () => {
  it('require the admin role', async () => {
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    servers.push(upstream);
    relay = await startRelay({
      environments: [environment('production', upstream.url, { production: true })],
    });
    const dev = await replay(relay, { environment: 'production', method: 'GET', path: '/poslp/x' });
    expect(dev.status).toBe(403);
    expect(dev.json.error.code).toBe('RELAY_ERR_AUTH_FORBIDDEN_ENVIRONMENT');
    expect(upstream.requests).toHaveLength(0);
    const admin = await replay(
      relay,
      { environment: 'production', method: 'GET', path: '/poslp/x' },
      await relay.token(ADMIN),
    );
    expect(admin.status).toBe(200);
    expect(admin.json.exchange.response.body).toEqual({ ok: true });
  });
});

describe('upstream faults', () => {
  it('answers 504 with the failed exchange when the upstream does not answer in time', async () => {
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      // Never answers: the relay's headers timeout fires.
    });
    servers.push(upstream);
    relay = await startRelay({ environments: [environment('slow', upstream.url, { timeoutMs: 150 })] });
    const res = await replay(relay, { environment: 'slow', method: 'GET', path: '/poslp/x' });
    expect(res.status).toBe(504);
    expect(res.json.error.code).toBe('RELAY_ERR_UPSTREAM_TIMEOUT');
    expect(res.json.exchange.response.status).toBe(0);
    expect(res.json.exchange.response.error).toContain('did not answer');
    expect(relay.published).toHaveLength(1);
  });

  it('answers 502 when the upstream is down, and 502 on a connection reset', async () => {
    const reset = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res.socket?.destroy();
    });
    servers.push(reset);
    relay = await startRelay({
      environments: [
        environment('down', `http://127.0.0.1:${await closedPort()}`),
        environment('reset', reset.url),
      ],
    });
    const down = await replay(relay, { environment: 'down', method: 'GET', path: '/poslp/x' });
    expect(down.status).toBe(502);
    expect(down.json.error.code).toBe('RELAY_ERR_UPSTREAM_UNREACHABLE');
    const r = await replay(relay, { environment: 'reset', method: 'GET', path: '/poslp/x' });
    expect(r.status).toBe(502);
    expect(r.json.error.code).toBe('RELAY_ERR_UPSTREAM_UNREACHABLE');
  });

  it('answers 502 when the token endpoint refuses the credentials, without echoing them', async () => {
    const upstream = await startHttpServer((_req, res) => {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":{"code":"401","message":"invalid_client"}}');
    });
    servers.push(upstream);
    relay = await startRelay({ environments: [environment('bad', upstream.url)] });
    const res = await replay(relay, { environment: 'bad', method: 'GET', path: '/poslp/x' });
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe('RELAY_ERR_UPSTREAM_TOKEN_FAILED');
    expect(res.text).not.toContain(CANARY.clientSecret);
    expect(upstream.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${CANARY.clientKey}:${CANARY.clientSecret}`).toString('base64')}`,
    );
  });

  it('returns a 3xx as-is and never follows it', async () => {
    const canary = await startHttpServer((_req, res) => res.end('canary'));
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res.writeHead(302, { location: `${canary.url}/internal` }).end();
    });
    servers.push(canary, upstream);
    relay = await startRelay({ environments: [environment('redir', upstream.url)] });
    const res = await replay(relay, { environment: 'redir', method: 'GET', path: '/poslp/x' });
    expect(res.status).toBe(200);
    expect(res.json.exchange.response.status).toBe(302);
    expect(canary.connections).toBe(0);
  });
});

describe('partner tokens', () => {
  it('single-flight: 10 concurrent replays make one token request', async () => {
    let tokenCalls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') {
        tokenCalls++;
        void gate.then(() => answerToken(res, 'tok-single'));
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ auth: req.headers.authorization }));
    });
    servers.push(upstream);
    relay = await startRelay({ environments: [environment('up', upstream.url)] });
    const token = await relay.token();
    const all = Promise.all(
      Array.from({ length: 10 }, () =>
        replay(relay!, { environment: 'up', method: 'GET', path: '/poslp/x' }, token),
      ),
    );
    await vi.waitUntil(() => upstream.requests.length >= 1);
    release();
    const results = await all;
    expect(tokenCalls).toBe(1);
    for (const r of results) expect(r.json.exchange.response.status).toBe(200);
    expect(upstream.requests.filter((q) => q.headers.authorization === 'Bearer tok-single')).toHaveLength(10);
    // The token is scrubbed should an upstream echo it.
    for (const r of results) expect(r.text).not.toContain('tok-single');
  });

  it('refreshes once after a 401 and retries', async () => {
    let issued = 0;
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res, `tok-${++issued}`);
      if (req.headers.authorization === 'Bearer tok-1') return res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    servers.push(upstream);
    relay = await startRelay({ environments: [environment('up', upstream.url)] });
    const res = await replay(relay, { environment: 'up', method: 'GET', path: '/poslp/x' });
    expect(res.json.exchange.response.status).toBe(200);
    expect(issued).toBe(2);
    // A second 401 is returned as-is (no loop).
    const always = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res, 'tok-x');
      res.writeHead(401).end();
    });
    servers.push(always);
    await relay.close();
    relay = await startRelay({ environments: [environment('up', always.url)] });
    const denied = await replay(relay, { environment: 'up', method: 'GET', path: '/poslp/x' });
    expect(denied.json.exchange.response.status).toBe(401);
    expect(always.requests.filter((q) => q.url === '/poslp/x')).toHaveLength(2);
  });
});
