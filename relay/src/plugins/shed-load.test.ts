import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { shedLoad } from './security.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A route whose own 503 schema would reject the relay envelope (like the sandbox's Avvance errors). */
async function appWith(type: string, value: number): Promise<FastifyInstance> {
  const a = Fastify({ logger: false });
  const shed = shedLoad(a);
  a.addHook('onRequest', async (request, reply) => {
    shed(request, reply, type, value);
    return reply.sent ? reply : undefined;
  });
  a.get(
    '/x',
    {
      schema: {
        response: {
          200: { type: 'object', properties: { ok: { type: 'boolean' } } },
          503: { type: 'object', required: ['timestamp'], properties: { timestamp: { type: 'string' } } },
        },
      },
    },
    async () => ({ ok: true }),
  );
  a.get('/health', async () => ({ status: 'ok' }));
  await a.ready();
  return a;
}

describe('shedLoad (under-pressure handler)', () => {
  it('sheds with 503 + Retry-After and the relay envelope, whatever the route response schema', async () => {
    app = await appWith('eventLoopDelay', 5_000);
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.json().error.code).toBe('RELAY_ERR_OVERLOADED');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('lets requests pass when the delay was not measured (a sample window without samples)', async () => {
    app = await appWith('eventLoopDelay', Number.POSITIVE_INFINITY);
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(200);
  });
});
