import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  answerToken,
  CANARY,
  environment,
  MERCHANT_ID,
  type RelayHarness,
  rawHttp,
  startHttpServer,
  startRelay,
  type TestServer,
} from '../upstream/__tests__/harness.ts';

const LOAN = '/poslp/services/avvance-loan/v1';
const MIB = 1024 * 1024;

let relay: RelayHarness | undefined;
const servers: TestServer[] = [];
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

async function getToken(r: RelayHarness, authorization?: string) {
  return fetch(`${r.url}/v1/proxy/sandbox/auth/oauth2/v1/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body: 'grant_type=client_credentials',
  });
}

describe('pass-through against the embedded sandbox', () => {
  it('runs an unchanged backend flow: token from the relay, then create with the real token injected', async () => {
    relay = await startRelay();
    // The backend keeps its usual code; its "client secret" is the relay API key.
    const tokenRes = await getToken(relay, basic('anything', CANARY.apiKey));
    expect(tokenRes.status).toBe(200);
    expect(tokenRes.headers.get('x-workbench-token')).toBe('relay-minted');
    const minted = (await tokenRes.json()) as { tokenType: string; expiresIn: string; accessToken: string };
    expect(minted).toMatchObject({ tokenType: 'BearerToken', expiresIn: '899' });
    expect(minted.accessToken).toMatch(/^rly_pt_/);

    const correlation = crypto.randomUUID();
    const res = await fetch(`${relay.url}/v1/proxy/sandbox${LOAN}/create`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${minted.accessToken}`,
        'content-type': 'application/json',
        'partner-ID': CANARY.partnerId,
        'Correlation-ID': correlation,
        'X-Workbench-Session': 'backend',
        cookie: 'sid=1',
      },
      body: JSON.stringify({
        partnerSessionId: crypto.randomUUID(),
        merchantId: MERCHANT_ID,
        invoiceAmount: '340',
        consumer: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          mobilePhone: '9009009000',
        },
      }),
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(JSON.parse(text).applicationGUID).toBeTruthy();
    expect(res.headers.get('correlation-id')).toBe(correlation);

    // The sandbox saw a real partner token, never the relay-minted one.
    expect(relay.upstreamAuth).toHaveLength(1);
    const real = relay.upstreamAuth[0]!.replace(/^Bearer /, '');
    expect(real).not.toBe(minted.accessToken);

    await vi.waitUntil(() => relay!.published.length === 2);
    const [tokenEvent, createEvent] = relay.published;
    expect(tokenEvent!.exchange.source).toBe('proxy');
    expect(tokenEvent!.session).toBe('default');
    expect(createEvent!.session).toBe('backend');
    expect(createEvent!.exchange).toMatchObject({ source: 'proxy', masked: true, environment: 'sandbox' });
    expect(createEvent!.exchange.request.id).toBe(correlation);
    expect(createEvent!.exchange.response?.status).toBe(201);
    expect(createEvent!.exchange.requestBodyStatus).toBe('complete');
    expect(createEvent!.exchange.request.headers.cookie).toBeUndefined();
    const broadcast = JSON.stringify(relay.published);
    expect(broadcast).not.toContain('ada@example.com');
    expect(broadcast).not.toContain(minted.accessToken);
    for (const secret of [CANARY.clientSecret, CANARY.apiKey, real]) {
      expect([text, broadcast, ...relay.logs].join('\n')).not.toContain(secret);
    }
  });

  it('accepts the partner credentials configured for the environment on the token call', async () => {
    relay = await startRelay();
    expect((await getToken(relay, basic(CANARY.clientKey, CANARY.clientSecret))).status).toBe(200);
    const res = await getToken(relay, basic(CANARY.clientKey, 'wrong'));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('RELAY_ERR_AUTH_KEY_INVALID');
    expect((await getToken(relay)).status).toBe(401);
    expect((await getToken(relay, basic('x', ''))).status).toBe(401);
  });

  it('requires a relay API key: missing, wrong or expired → 401', async () => {
    relay = await startRelay();
    const url = `${relay.url}/v1/proxy/sandbox${LOAN}/products`;
    const missing = await fetch(url);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'RELAY_ERR_AUTH_KEY_MISSING',
    );
    expect((await fetch(url, { headers: { 'x-relay-key': 'rk_nope' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer rly_pt_forged' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: basic('a', CANARY.apiKey) } })).status).toBe(401);
    const ok = await fetch(url, {
      headers: { 'x-relay-key': CANARY.apiKey, Identifier: MERCHANT_ID, 'partner-ID': CANARY.partnerId },
    });
    expect(ok.status).toBe(200);
  });

  it('replaces a Correlation-ID that is not a UUID', async () => {
    relay = await startRelay();
    const res = await fetch(`${relay.url}/v1/proxy/sandbox${LOAN}/products`, {
      headers: {
        'x-relay-key': CANARY.apiKey,
        Identifier: MERCHANT_ID,
        'partner-ID': CANARY.partnerId,
        'correlation-id': 'not-a-uuid',
      },
    });
    expect(res.status).toBe(200);
    await vi.waitUntil(() => relay!.published.length === 1);
    expect(relay.published[0]!.exchange.request.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('streaming', () => {
  it('streams a 5 MiB response through, capturing only the first 256 KiB', async () => {
    const payload = Buffer.alloc(5 * MIB, 'a');
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(payload.length),
      });
      // Written in 64 KiB chunks with back-pressure.
      let offset = 0;
      const pump = () => {
        while (offset < payload.length) {
          const chunk = payload.subarray(offset, offset + 65_536);
          offset += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    servers.push(upstream);
    relay = await startRelay({ environments: [environment('up', upstream.url)] });
    const res = await fetch(`${relay.url}/v1/proxy/up/poslp/download`, {
      headers: { 'x-relay-key': CANARY.apiKey },
    });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(payload.length);
    expect(createHash('sha256').update(body).digest('hex')).toBe(
      createHash('sha256').update(payload).digest('hex'),
    );
    await vi.waitUntil(() => relay!.published.length === 1);
    const exchange = relay.published[0]!.exchange;
    expect(exchange.responseBodyStatus).toBe('discarded:too-large');
    expect(exchange.response?.body).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
  });

  it('publishes an upstream body cut mid-stream as interrupted, and the caller sees the cut', async () => {
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"partial":');
      setImmediate(() => res.socket?.destroy());
    });
    servers.push(upstream);
    relay = await startRelay({ environments: [environment('up', upstream.url)] });
    const res = await fetch(`${relay.url}/v1/proxy/up/poslp/cut`, {
      headers: { 'x-relay-key': CANARY.apiKey },
    });
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    await vi.waitUntil(() => relay!.published.length === 1);
    expect(relay.published[0]!.exchange.response?.error).toMatch(/^response body interrupted: /);
  });

  it('stops reading the upstream body when the caller goes away mid-stream', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((r) => {
      upstreamClosed = r;
    });
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const timer = setInterval(() => res.write(Buffer.alloc(16_384, 'b')), 5);
      res.once('close', () => {
        clearInterval(timer);
        upstreamClosed();
      });
    });
    servers.push(upstream);
    relay = await startRelay({ environments: [environment('up', upstream.url)] });
    const controller = new AbortController();
    const res = await fetch(`${relay.url}/v1/proxy/up/poslp/endless`, {
      headers: { 'x-relay-key': CANARY.apiKey },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await closed; // the relay released the upstream response (no endless read into the void)
    await vi.waitUntil(() => relay!.published.length === 1);
    expect(relay.published[0]!.exchange.response?.status).toBe(200);
  });

  it('streams a 5 MiB request body to the upstream (limit raised), capture capped', async () => {
    const upstream = await startHttpServer((req, res, seen) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ received: seen.bodyBytes }));
    });
    servers.push(upstream);
    relay = await startRelay({
      environments: [environment('up', upstream.url)],
      limits: { bodyBytes: 8 * MIB },
    });
    const res = await fetch(`${relay.url}/v1/proxy/up/poslp/upload`, {
      method: 'POST',
      headers: { 'x-relay-key': CANARY.apiKey, 'content-type': 'application/json' },
      body: Buffer.alloc(5 * MIB, 'b'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 5 * MIB });
    await vi.waitUntil(() => relay!.published.length === 1);
    expect(relay.published[0]!.exchange.requestBodyStatus).toBe('discarded:too-large');
  });

  it('answers 413 above the body limit (declared or streamed chunked)', async () => {
    const upstream = await startHttpServer((req, res) => {
      if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
      res.writeHead(200).end('{}');
    });
    servers.push(upstream);
    relay = await startRelay({
      environments: [environment('up', upstream.url)],
      limits: { bodyBytes: 4096 },
    });
    const declared = await fetch(`${relay.url}/v1/proxy/up/poslp/upload`, {
      method: 'POST',
      headers: { 'x-relay-key': CANARY.apiKey, 'content-type': 'text/plain' },
      body: 'x'.repeat(10_000),
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe(
      'RELAY_ERR_UPSTREAM_BODY_TOO_LARGE',
    );
    const port = Number(new URL(relay.url).port);
    const chunk = 'y'.repeat(3000);
    const chunked = await rawHttp(
      port,
      `POST /v1/proxy/up/poslp/upload HTTP/1.1\r\nHost: x\r\nX-Relay-Key: ${CANARY.apiKey}\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n` +
        `${(3000).toString(16)}\r\n${chunk}\r\n${(3000).toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    );
    expect(chunked.status).toBe(413);
  });
});
