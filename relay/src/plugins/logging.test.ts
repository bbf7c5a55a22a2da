import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { DEFAULT_LOCAL_API_KEY } from '../config/defaults.ts';
import { defaultConfig } from '../config/load-config.ts';
import { genReqId, pathOnly, REDACT_PATHS } from './logging.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function capturing(): Promise<{ app: FastifyInstance; lines: string[] }> {
  const lines: string[] = [];
  const built = await build({
    config: { ...defaultConfig(), sandbox: false },
    logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
  });
  // A careless route that logs the whole request headers and a token body: redaction must still hold.
  built.post('/test/careless', async (request) => {
    request.log.info({ headers: request.headers, body: request.body }, 'careless log');
    return { ok: true };
  });
  app = built;
  return { app: built, lines };
}

describe('logging', () => {
  it('never writes tokens, API keys, cookies or query-string tokens', async () => {
    const { app: a, lines } = await capturing();
    const tokens = (await a.inject({ method: 'POST', url: '/v1/auth/local', payload: {} })).json();
    const secrets = [
      tokens.accessToken,
      tokens.refreshToken,
      DEFAULT_LOCAL_API_KEY,
      'session-cookie-value',
      'sig-0123',
    ];
    await a.inject({
      method: 'POST',
      url: `/test/careless?access_token=${tokens.accessToken}`,
      headers: {
        authorization: `Bearer ${tokens.accessToken}`,
        cookie: 'sid=session-cookie-value',
        'x-relay-key': DEFAULT_LOCAL_API_KEY,
        'x-webhook-signature': 'sig-0123',
      },
      payload: { refreshToken: tokens.refreshToken, accessToken: tokens.accessToken },
    });
    await a.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    await a.inject({ method: 'GET', url: `/v1/auth/me?access_token=${tokens.accessToken}` });
    await a.inject({ method: 'GET', url: '/nope?token=secret-in-query' });
    const log = lines.join('');
    expect(log).toContain('careless log');
    expect(log).toContain('[Redacted]');
    for (const secret of [...secrets, 'secret-in-query']) expect(log).not.toContain(secret);
    expect(log).toContain('"url":"/test/careless"');
  });

  it('uses the Correlation-ID as request id when it is a UUID', async () => {
    const { app: a, lines } = await capturing();
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const res = await a.inject({
      method: 'GET',
      url: '/v1/auth/me',
      headers: { 'correlation-id': id.toUpperCase() },
    });
    expect(res.headers['x-request-id']).toBe(id);
    expect(lines.some((l) => JSON.parse(l).reqId === id)).toBe(true);
    const other = await a.inject({
      method: 'GET',
      url: '/health',
      headers: { 'correlation-id': 'not-a-uuid\n' },
    });
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(other.headers['x-request-id']).not.toBe(id);
  });

  it('genReqId ignores non-UUID and array values; pathOnly strips query and fragment', () => {
    expect(genReqId({ headers: { 'correlation-id': 'x' } } as never)).toMatch(/^[0-9a-f-]{36}$/);
    expect(pathOnly('/a/b?token=1#x')).toBe('/a/b');
    expect(pathOnly('/a#x?y')).toBe('/a');
    expect(REDACT_PATHS.every((p) => !p.includes('*'))).toBe(true);
  });
});
