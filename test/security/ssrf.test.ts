/**
 * SSRF corpus (test/security/ssrf-corpus.ts) against replay and the pass-through of the real relay
 * (`build()`, listening on 127.0.0.1:0). The canary listener on another loopback port must receive
 * nothing — not a request, not a TCP connection — whatever the payload, redirect or environment name.
 * Complements relay/src/routes/ssrf.test.ts (plugin-level harness) with the data-driven corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSRF_CORPUS } from './ssrf-corpus.ts';
import {
  answerToken,
  CANARY,
  CANARY_EXTRA,
  environment,
  postJson,
  rawHttp,
  startCanary,
  startHttpServer,
  startWorkbench,
  type TestServer,
  type Workbench,
} from './support/workbench.ts';

let relay: Workbench;
let canary: TestServer;
let upstream: TestServer;
let token: string;
let h: string;

const REDIRECTS: Record<string, (p: number) => [number, string]> = {
  '/redirect/literal': (p) => [302, `http://127.0.0.1:${p}/internal`],
  '/redirect/localhost': (p) => [301, `http://localhost:${p}/`],
  '/redirect/ipv6': (p) => [307, `http://[::1]:${p}/`],
  '/redirect/mapped': (p) => [308, `http://[::ffff:127.0.0.1]:${p}/`],
  '/redirect/decimal': (p) => [302, `http://2130706433:${p}/`],
  '/redirect/network-path': (p) => [302, `//127.0.0.1:${p}/x`],
  '/redirect/userinfo': (p) => [303, `http://user@127.0.0.1:${p}/`],
  '/redirect/metadata': () => [302, 'http://169.254.169.254/latest/meta-data/'],
};

beforeAll(async () => {
  canary = await startCanary();
  h = `127.0.0.1:${canary.port}`;
  upstream = await startHttpServer((req, res) => {
    if (req.url === '/auth/oauth2/v1/token') return answerToken(res, CANARY_EXTRA.upstreamToken);
    const redirect = REDIRECTS[req.url ?? ''];
    if (redirect) {
      const [status, location] = redirect(canary.port);
      return res.writeHead(status, { location }).end();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
  });
  relay = await startWorkbench({ environments: [environment('up', upstream.url)] });
  token = await relay.token();
});

afterAll(async () => {
  await relay?.close();
  await upstream?.close();
  // The point of the whole file: the canary never saw a byte.
  expect(canary.requests).toHaveLength(0);
  expect(canary.connections).toBe(0);
  await canary?.close();
});

function fill(template: string): string {
  return template.replaceAll('{h}', h).replaceAll('{p}', String(canary.port));
}

async function replay(body: Record<string, unknown>) {
  return postJson(`${relay.url}/v1/replay`, body, { authorization: `Bearer ${token}` });
}

describe('SSRF corpus', () => {
  it('holds at least 50 payloads over every category', () => {
    expect(SSRF_CORPUS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(SSRF_CORPUS.map((p) => p.category)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(SSRF_CORPUS.map((p) => p.payload)).size).toBe(SSRF_CORPUS.length);
  });

  it.each(SSRF_CORPUS.map((p) => [p.category, p.payload, p] as const))(
    'replay %s %j',
    async (_category, _payload, entry) => {
      const before = upstream.requests.length;
      const res = await replay({ environment: 'up', method: 'GET', path: fill(entry.payload) });
      if (entry.replay === 'refused') {
        expect(res.status, res.text).toBeGreaterThanOrEqual(400);
        expect(res.status, res.text).toBeLessThan(500);
        const err = (res.json as { error: { code: string; message: string } }).error;
        expect(err.code).toMatch(/^RELAY_ERR_(UPSTREAM_BAD_PATH|VALIDATION)$/);
        expect(err.message.length).toBeGreaterThan(10);
        expect(upstream.requests.length).toBe(before);
      } else {
        expect(res.status, res.text).toBe(200);
        expect(upstream.requests.length).toBeGreaterThan(before);
      }
      expect(canary.connections).toBe(0);
    },
  );

  it.each(SSRF_CORPUS.filter((p) => p.proxy !== 'skip').map((p) => [p.category, p.payload, p] as const))(
    'pass-through %s %j',
    async (_category, _payload, entry) => {
      const before = upstream.requests.length;
      const payload = fill(entry.payload);
      const target = `/v1/proxy/up${payload.startsWith('/') ? '' : '/'}${payload}`;
      const res = await rawHttp(
        relay.port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Relay-Key: ${CANARY.apiKey}`,
      );
      if (entry.proxy === 'refused') {
        expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
        // Only the token endpoint may have been called, never the payload's path.
        expect(upstream.requests.slice(before).every((r) => r.url === '/auth/oauth2/v1/token')).toBe(true);
      } else {
        expect(res.status, res.text.slice(0, 300)).toBe(200);
        expect(upstream.requests.length).toBeGreaterThan(before);
      }
      expect(canary.connections).toBe(0);
    },
  );
});

describe('SSRF beyond the path', () => {
  it('refuses environment names that are not configured names (no URL, case or traversal tricks)', async () => {
    for (const environment of [`http://${h}`, h, 'localhost', '../up', 'UP', 'up.', 'up/', ' up']) {
      const res = await replay({ environment, method: 'GET', path: '/poslp/x' });
      expect(res.status, environment).toBe(400);
    }
    for (const env of ['UP', '%75p', 'up.', `${encodeURIComponent(`http://${h}`)}`]) {
      const res = await rawHttp(
        relay.port,
        `GET /v1/proxy/${env}/poslp/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Relay-Key: ${CANARY.apiKey}`,
      );
      expect(res.status, env).toBeGreaterThanOrEqual(400);
      expect(res.status, env).toBeLessThan(500);
    }
  });

  it('keeps the embedded sandbox to Avvance prefixes (relay routes are not reachable over loopback)', async () => {
    for (const path of ['/v1/auth/local', '/v1/replay', '/metrics', '/v1/sessions', '/docs/openapi.json']) {
      const res = await replay({ environment: 'sandbox', method: 'POST', path, body: {} });
      expect(res.status, path).toBe(400);
      const viaProxy = await fetch(`${relay.url}/v1/proxy/sandbox${path}`, {
        method: 'POST',
        headers: { 'x-relay-key': CANARY.apiKey, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(viaProxy.status, path).toBeGreaterThanOrEqual(400);
      expect(viaProxy.status, path).toBeLessThan(500);
      await viaProxy.arrayBuffer();
    }
  });

  it('never honours Host / X-Forwarded-Host / X-Original-URL overrides', async () => {
    const res = await replay({
      environment: 'up',
      method: 'GET',
      path: '/poslp/host',
      headers: {
        Host: h,
        'X-Forwarded-Host': h,
        'X-Original-URL': `http://${h}/`,
        'X-Rewrite-URL': `//${h}/`,
      },
      query: { url: `http://${h}/`, redirect: `//${h}` },
    });
    expect(res.status).toBe(200);
    const seen = upstream.requests.at(-1)!;
    expect(seen.headers.host).toBe(`127.0.0.1:${upstream.port}`);
  });

  it.each(Object.keys(REDIRECTS).map((p) => [p]))(
    'replay returns the upstream redirect %s as data',
    async (path) => {
      const res = await replay({ environment: 'up', method: 'GET', path });
      expect(res.status).toBe(200);
      const exchange = (res.json as { exchange: { response: { status: number } } }).exchange;
      expect(exchange.response.status).toBeGreaterThanOrEqual(300);
      expect(canary.connections).toBe(0);
    },
  );

  it.each(Object.keys(REDIRECTS).map((p) => [p]))(
    'the pass-through drops the cross-origin Location of %s and follows nothing',
    async (path) => {
      const res = await fetch(`${relay.url}/v1/proxy/up${path}`, {
        headers: { 'x-relay-key': CANARY.apiKey },
        redirect: 'manual',
      });
      expect(res.status).toBeGreaterThanOrEqual(300);
      expect(res.status).toBeLessThan(400);
      const location = res.headers.get('location');
      expect(location === null || location.startsWith('/v1/proxy/up/')).toBe(true);
      await res.arrayBuffer();
      expect(canary.connections).toBe(0);
    },
  );
});
