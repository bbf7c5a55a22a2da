import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { defaultConfig } from '../config/load-config.ts';
import type { RelayConfig } from '../config/types.ts';
import { helmetHeaders, isAllowedOrigin } from './security.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const config = (extra: Partial<RelayConfig> = {}): RelayConfig => ({
  ...defaultConfig(),
  sandbox: false,
  corsOrigins: ['https://viewer.example.com'],
  ...extra,
});

describe('security headers and CORS', () => {
  it('sets API security headers without upgrade-insecure-requests or HSTS on plain http', async () => {
    app = await build({ config: config() });
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sets HSTS on an https public URL, on every response including errors and 404s', async () => {
    app = await build({ config: config({ publicUrl: 'https://relay.example.com' }) });
    for (const url of ['/v1/auth/me', '/no-such-route']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.headers['strict-transport-security'], url).toBe('max-age=15552000');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-site');
    }
  });

  it('helmetHeaders returns exactly the headers @fastify/helmet adds (computed once, not per request)', async () => {
    const h = await helmetHeaders({ referrerPolicy: { policy: 'no-referrer' } });
    expect(h).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
    });
    expect(h['content-security-policy']).toContain("default-src 'self'");
    for (const framing of ['content-type', 'content-length', 'date', 'connection'])
      expect(h[framing]).toBeUndefined();
  });

  it('allows extension origins, its own origin and configured ones; not others', async () => {
    app = await build({ config: config() });
    for (const origin of [
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      'moz-extension://0f8fad5b-d9cb-469f-a165-70867728950e',
      'http://127.0.0.1:8787',
      'https://viewer.example.com',
    ]) {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/v1/auth/me',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(res.headers['access-control-allow-origin'], origin).toBe(origin);
    }
    const evil = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('isAllowedOrigin matches exactly', () => {
    const c = config();
    expect(isAllowedOrigin(c, 'http://127.0.0.1:8787')).toBe(true);
    expect(isAllowedOrigin(c, 'http://127.0.0.1:8788')).toBe(false);
    expect(isAllowedOrigin(c, 'chrome-extension://abc/../x')).toBe(false);
    expect(isAllowedOrigin(c, 'https://viewer.example.com.evil.com')).toBe(false);
  });
});

describe('relay OpenAPI document', () => {
  it('serves /docs/openapi.json with the relay routes (not the sandbox)', async () => {
    app = await build();
    const res = await app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/auth/local', '/v1/auth/refresh', '/v1/auth/me']),
    );
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/poslp'))).toBe(false);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
