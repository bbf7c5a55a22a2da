import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from './app.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('relay app', () => {
  it('answers the health probes', async () => {
    app = await build();
    for (const path of ['/health', '/liveness', '/readiness']) {
      const res = await app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(200);
    }
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok' });
  });

  it('answers / with what it is and where its routes are (npm start prints it as "Relay")', async () => {
    app = await build();
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ name: 'Avvance Workbench relay', mode: 'local', sandbox: true });
    // Every fixed link answers (not 404).
    for (const link of ['health', 'readiness', 'metrics', 'relayOpenApi', 'avvanceOpenApi']) {
      const r = await app.inject({ method: 'GET', url: body.links[link] });
      expect(r.statusCode, link).toBe(200);
    }
  });

  it('serves the Avvance OpenAPI document', async () => {
    app = await build();
    const res = await app.inject({ method: 'GET', url: '/openapi/avvance.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toContain('/poslp/services/avvance-loan/v1/create');
  });

  it('answers unknown routes with the JSON error envelope, without the query string', async () => {
    app = await build();
    const res = await app.inject({ method: 'GET', url: '/nope?token=secret' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'RELAY_ERR_NOT_FOUND', message: 'Route GET /nope not found' },
    });
    expect(res.body).not.toContain('secret');
  });
});
