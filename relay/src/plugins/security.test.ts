import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { defaultConfig } from '../config/load-config.ts';
import type { RelayConfig } from '../config/types.ts';
import { isAllowedOrigin } from './security.ts';

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
