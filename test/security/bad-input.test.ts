/**
 * Bad-input matrix: every route of the real relay (enumerated from `app.printRoutes()`, plus the
 * pass-through's wildcard route from /docs/openapi.json) × malformed JSON, wrong types, missing fields,
 * prototype-pollution keys, oversized bodies, 10 000-level nesting, invalid UTF-8 and a wrong content
 * type → a 4xx JSON error (relay routes: the `{ error: { code, message } }` envelope), never a 5xx; huge
 * headers just under / over Node's 16 KiB limit; and the process stays healthy.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, CANARY_EXTRA, rawHttp, startWorkbench, type Workbench } from './support/workbench.ts';

const BODY_LIMIT = 64 * 1024;
let relay: Workbench;
let token: string;

beforeAll(async () => {
  relay = await startWorkbench({ limits: { bodyBytes: BODY_LIMIT, ratePerMinute: 100_000 } });
  token = await relay.token();
});
afterAll(async () => {
  await relay?.close();
});

/** `METHOD /path` for every route, parsed from Fastify's route tree (HEAD/OPTIONS left out). */
function enumerateRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([\s│]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ')) {
      if (method && method !== 'HEAD' && method !== 'OPTIONS') out.push({ method, path });
    }
  }
  return out;
}

function concrete(path: string): string {
  return path
    .replace(':id', 'default')
    .replace(':partnerId', CANARY.partnerId)
    .replace(':applicationGUID', '7b831e4d-8f2c-4c55-9a4c-4cf1e0f1b0aa')
    .replace(/:[A-Za-z]+/g, 'x1');
}

const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
const CASES: [string, string | Buffer, string][] = [
  ['malformed JSON', '{"environment": "sandbox", "path": ', 'application/json'],
  ['trailing garbage', '{}}{', 'application/json'],
  ['array root', '[1,2,3]', 'application/json'],
  ['string root', '"hello"', 'application/json'],
  ['number root', '42', 'application/json'],
  ['null root', 'null', 'application/json'],
  ['missing fields', '{}', 'application/json'],
  [
    'wrong types',
    JSON.stringify({
      name: { $gt: '' },
      refreshToken: 123,
      environment: 7,
      method: ['GET'],
      path: {},
      body: 1,
    }),
    'application/json',
  ],
  [
    'prototype pollution',
    '{"__proto__":{"role":"admin","partnerId":"partner-b"},"constructor":{"prototype":{"role":"admin"}}}',
    'application/json',
  ],
  ['oversized', JSON.stringify({ name: 'x'.repeat(BODY_LIMIT + 1024) }), 'application/json'],
  ['deep array nesting (10k)', deepArray, 'application/json'],
  ['deep object nesting (10k)', deepObject, 'application/json'],
  [
    'invalid UTF-8',
    Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
    'application/json',
  ],
  ['wrong content type', '<xml><a>1</a></xml>', 'application/xml'],
  ['form body', 'a=1&b=%ZZ', 'application/x-www-form-urlencoded'],
];

/** Not JSON routes: the WebSocket stream (a plain GET is 404 without a body) and the hosted HTML page. */
const NON_JSON = ['/v1/sessions/:id/stream', '/usl/avvance-installment-loans'];
const AVVANCE_PREFIXES = ['/poslp/', '/sandbox/', '/usl/', '/auth/', '/v1/proxy/'];

function headersFor(path: string): Record<string, string> {
  if (path.startsWith('/v1/webhooks/'))
    return {
      authorization: `Basic ${Buffer.from(`${CANARY_EXTRA.webhookUser}:${CANARY_EXTRA.webhookPassword}`).toString('base64')}`,
    };
  if (path.startsWith('/v1/proxy/')) return { 'x-relay-key': CANARY.apiKey };
  return { authorization: `Bearer ${token}` };
}

describe('bad-input matrix', () => {
  it('enumerates every route (≥ 40 method × path pairs)', () => {
    const routes = enumerateRoutes(relay.app);
    expect(routes.length).toBeGreaterThanOrEqual(40);
    expect(routes.some((r) => r.path === '/v1/replay')).toBe(true);
  });

  it('answers every route × bad input with a 4xx JSON error or a success, never a 5xx', async () => {
    const routes = [
      ...enumerateRoutes(relay.app),
      // The pass-through's wildcard route (printRoutes folds it away).
      ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({
        method,
        path: '/v1/proxy/sandbox/poslp/services/avvance-loan/v1/create',
      })),
    ];
    const failures: string[] = [];
    let requests = 0;
    for (const { method, path } of routes) {
      const url = `${relay.url}${concrete(path)}`;
      for (const [name, body, contentType] of CASES) {
        const withBody = method !== 'GET';
        const res = await fetch(url, {
          method,
          headers: { ...headersFor(path), ...(withBody ? { 'content-type': contentType } : {}) },
          ...(withBody ? { body: typeof body === 'string' ? body : new Uint8Array(body) } : {}),
        });
        requests++;
        const text = await res.text();
        const where = `${method} ${path} × ${name} → ${res.status} ${text.slice(0, 160)}`;
        if (res.status >= 500) {
          failures.push(where);
          continue;
        }
        if (res.status >= 400 && !NON_JSON.includes(path)) {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            failures.push(`${where} (not JSON)`);
            continue;
          }
          const relayRoute = !AVVANCE_PREFIXES.some((p) => path.startsWith(p));
          const err = (json as { error?: { code?: unknown; message?: unknown } }).error;
          if (relayRoute && (typeof err?.code !== 'string' || typeof err.message !== 'string'))
            failures.push(`${where} (no error envelope)`);
        }
        if (name === 'oversized' && withBody && res.status !== 413 && res.status < 400)
          failures.push(`${where} (oversized accepted)`);
      }
    }
    expect(requests).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    const health = await fetch(`${relay.url}/health`);
    expect(health.status).toBe(200);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    // No unexpected failure was logged (pino level 50 = error).
    expect(relay.logs.filter((l) => /"level":(50|60)/.test(l)).map((l) => l.slice(0, 300))).toEqual([]);
  }, 60_000);

  it('huge headers: just under 16 KiB is served, just over is 431, and the relay stays up', async () => {
    const under = await rawHttp(
      relay.port,
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(16 * 1024 - 200)}`,
    );
    expect(under.status).toBe(200);
    const over = await rawHttp(
      relay.port,
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(17 * 1024)}`,
    );
    expect(over.status).toBe(431);
    const many = await rawHttp(
      relay.port,
      `GET /v1/auth/me HTTP/1.1\r\nHost: 127.0.0.1\r\n${Array.from({ length: 300 }, (_, i) => `X-H${i}: v`).join('\r\n')}`,
    );
    expect(many.status).toBe(401);
    const badAuth = await rawHttp(
      relay.port,
      `GET /v1/auth/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${'x'.repeat(15_000)}`,
    );
    expect(badAuth.status).toBe(401);
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });

  it('malformed request lines and chunked bodies get a 4xx', async () => {
    const cases = [
      'GET /health HTTP/9.9\r\nHost: x\r\n\r\n',
      'POST /v1/replay HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
      'POST /v1/replay HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      'GET /v1/sessions/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ];
    for (const head of cases) {
      const res = await rawHttp(relay.port, head);
      expect(res.status, head).toBeGreaterThanOrEqual(400);
      expect(res.status, head).toBeLessThan(500);
    }
    expect((await fetch(`${relay.url}/health`)).status).toBe(200);
  });
});
