/**
 * SSRF: replay and the pass-through only ever call the configured upstream. Every payload is refused with a
 * clear 4xx (or neutralised: Host/X-Forwarded-Host are dropped), and a canary listener on another loopback
 * port receives nothing — not a request, not even a TCP connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerToken,
  CANARY,
  environment,
  type RelayHarness,
  type ReplayJson,
  rawHttp,
  startHttpServer,
  startRelay,
  type TestServer,
} from '../upstream/__tests__/harness.ts';

let relay: RelayHarness;
let canary: TestServer;
let upstream: TestServer;
let token: string;
let c: string;

beforeAll(async () => {
  canary = await startHttpServer((_req, res) => res.end('canary'));
  c = `127.0.0.1:${canary.port}`;
  upstream = await startHttpServer((req, res) => {
    if (req.url === '/auth/oauth2/v1/token') return answerToken(res);
    if (req.url?.startsWith('/redirect'))
      return res.writeHead(302, { location: `http://${c}/internal` }).end();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ host: req.headers.host }));
  });
  relay = await startRelay({ environments: [environment('up', upstream.url)] });
  token = await relay.token();
});

afterAll(async () => {
  await relay.close();
  await upstream.close();
  // The point of the whole file: the canary never saw a byte.
  expect(canary.requests).toHaveLength(0);
  expect(canary.connections).toBe(0);
  await canary.close();
});

/** Corpus entries use `{h}` for the canary's host:port and `{p}` for its port. */
function fill(template: string): string {
  return template.replaceAll('{h}', c).replaceAll('{p}', String(canary.port));
}

async function replay(body: Record<string, unknown>) {
  const res = await fetch(`${relay.url}/v1/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as ReplayJson };
}

const replayPaths = (): string[] => [
  `http://{h}/`,
  `https://{h}/`,
  `HTTP://{h}/`,
  `//{h}/`,
  `///{h}/`,
  `\\\\{h}\\`,
  `/\\{h}/`,
  `http:{h}/`,
  `javascript:alert(1)`,
  `{h}/poslp/x`,
  `user:pass@{h}/`,
  `/poslp/@{h}/`,
  `/poslp/%40{h}/`,
  `/%2f%2f{h}/`,
  `/%252f%252f{h}/`,
  `/%25252f{h}/`,
  `/%5c%5c{h}/`,
  `/poslp/../../v1/replay`,
  `/poslp/./x`,
  `/poslp/%2e%2e/%2e%2e/metrics`,
  `/poslp/%252e%252e/metrics`,
  `/poslp/..%2f..%2fmetrics`,
  `/poslp/.%2e/metrics`,
  `/poslp/x%0d%0aHost:%20{h}`,
  `/poslp/x\r\nHost: {h}`,
  `/poslp/x%00`,
  `/[::1]:{p}/`,
  `/poslp/[::ffff:127.0.0.1]/`,
  `//[::ffff:7f00:1]:{p}/`,
  `//2130706433:{p}/`,
  `//0177.0.0.1:{p}/`,
  `//0x7f.0.0.1:{p}/`,
  `//127.1:{p}/`,
  `//localhost:{p}/`,
  ` /poslp/x`,
  `/poslp/x#@{h}`,
  `/poslp/\u0445`,
  `/poslp/%zz`,
];

describe('replay refuses SSRF paths', () => {
  it('has a corpus of at least 25 payloads', () => {
    expect(replayPaths().length).toBeGreaterThanOrEqual(25);
  });

  it.each(replayPaths().map((p) => [p]))('refuses %j', async (template) => {
    const res = await replay({ environment: 'up', method: 'GET', path: fill(template) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json.error.code).toMatch(/^RELAY_ERR_(UPSTREAM_BAD_PATH|VALIDATION)$/);
    expect(res.json.error.message.length).toBeGreaterThan(10);
  });

  it('keeps the embedded sandbox to Avvance paths (no relay routes over loopback)', async () => {
    for (const path of ['/v1/proxy/sandbox/poslp/x', '/metrics', '/v1/sessions', '/health']) {
      const res = await replay({ method: 'GET', path });
      expect(res.status, path).toBe(400);
      expect(res.json.error.message).toContain('embedded sandbox');
    }
  });

  it('refuses environment names that are not configured names', async () => {
    for (const environment of [`http://${c}`, '../up', 'UP']) {
      const res = await replay({ environment, method: 'GET', path: '/poslp/x' });
      expect(res.status, environment).toBe(400);
    }
  });

  it('refuses CRLF and malformed names in headers', async () => {
    for (const headers of [
      { 'X-Test': `a\r\nHost: ${c}` },
      { 'X-Test': 'a\nb' },
      { 'Host\r\nX': 'y' },
      { 'bad header': 'y' },
    ]) {
      const res = await replay({ environment: 'up', method: 'GET', path: '/poslp/x', headers });
      expect(res.status, JSON.stringify(headers)).toBe(400);
      expect(res.json.error.code).toBe('RELAY_ERR_UPSTREAM_BAD_HEADER');
    }
  });

  it('drops Host and forwarding headers: the call still goes to the configured upstream', async () => {
    const res = await replay({
      environment: 'up',
      method: 'GET',
      path: '/poslp/host-check',
      headers: { Host: c, 'X-Forwarded-Host': c, Forwarded: `host=${c}`, 'X-Original-URL': `http://${c}/` },
    });
    expect(res.status).toBe(200);
    expect(res.json.exchange.response.body).toEqual({ host: `127.0.0.1:${upstream.port}` });
    const seen = upstream.requests.find((r) => r.url === '/poslp/host-check')!;
    expect(seen.headers['x-forwarded-host']).toBeUndefined();
    expect(seen.headers.forwarded).toBeUndefined();
  });

  it('does not follow an upstream redirect to the canary', async () => {
    const res = await replay({ environment: 'up', method: 'GET', path: '/redirect' });
    expect(res.status).toBe(200);
    expect(res.json.exchange.response.status).toBe(302);
  });
});

const proxyTargets = (): string[] => [
  `/v1/proxy/up//{h}/`,
  `/v1/proxy/up/http://{h}/`,
  `/v1/proxy/up/%2f%2f{h}/`,
  `/v1/proxy/up/%252f%252f{h}/`,
  `/v1/proxy/up/../../metrics`,
  `/v1/proxy/up/poslp/../../../v1/replay`,
  `/v1/proxy/up/poslp/%2e%2e/%2e%2e/v1/replay`,
  `/v1/proxy/up/poslp/%252e%252e/x`,
  `/v1/proxy/up/@{h}/`,
  `/v1/proxy/up/poslp/%40{h}`,
  `/v1/proxy/up\\@{h}/`,
  `/v1/proxy/%75p/poslp/x`,
  `/v1/proxy/up/%5c%5c{h}/`,
  `/v1/proxy/up/[::1]:{p}/`,
  `/v1/proxy/sandbox/v1/replay`,
  `/v1/proxy/sandbox/metrics`,
  `http://{h}/v1/proxy/up/poslp/x`,
];

describe('the pass-through refuses SSRF targets (raw HTTP, no client-side normalisation)', () => {
  it.each(proxyTargets().map((p) => [p]))('refuses %j', async (template) => {
    const res = await rawHttp(
      Number(new URL(relay.url).port),
      `GET ${fill(template)} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Relay-Key: ${CANARY.apiKey}`,
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('ignores a Host / X-Forwarded-Host override', async () => {
    const res = await fetch(`${relay.url}/v1/proxy/up/poslp/proxy-host`, {
      headers: { 'x-relay-key': CANARY.apiKey, 'x-forwarded-host': c, 'x-forwarded-proto': 'http' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ host: `127.0.0.1:${upstream.port}` });
    const raw = await rawHttp(
      Number(new URL(relay.url).port),
      `GET /v1/proxy/up/poslp/proxy-host HTTP/1.1\r\nHost: ${c}\r\nX-Relay-Key: ${CANARY.apiKey}`,
    );
    expect(raw.status).toBe(200);
    expect(raw.text).toContain(`127.0.0.1:${upstream.port}`);
  });

  it('does not follow a redirect and drops a cross-origin Location', async () => {
    const res = await fetch(`${relay.url}/v1/proxy/up/redirect`, {
      headers: { 'x-relay-key': CANARY.apiKey },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBeNull();
  });
});
