import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { defaultConfig } from '../config/load-config.ts';
import { closeGracefully } from './lifecycle.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('lifecycle', () => {
  it('is ready until draining; then readiness is 503 and new work is refused, probes still answer', async () => {
    app = await build({ config: { ...defaultConfig(), sandbox: false } });
    expect((await app.inject({ method: 'GET', url: '/readiness' })).json()).toEqual({ status: 'ready' });
    app.lifecycle.startDraining();
    const readiness = await app.inject({ method: 'GET', url: '/readiness' });
    expect(readiness.statusCode).toBe(503);
    expect(readiness.json()).toEqual({ status: 'draining' });
    expect((await app.inject({ method: 'GET', url: '/liveness' })).statusCode).toBe(200);
    const work = await app.inject({ method: 'POST', url: '/v1/auth/local', payload: {} });
    expect(work.statusCode).toBe(503);
    expect(work.headers['retry-after']).toBe('5');
    expect(work.json().error.code).toBe('RELAY_ERR_DRAINING');
    expect(app.lifecycle.inFlight).toBe(0);
  });

  it('drains an in-flight request before closing', async () => {
    const a = await build({ config: { ...defaultConfig(), sandbox: false } });
    let release!: () => void;
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    a.get('/test/slow', async () => {
      entered();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { done: true };
    });
    await a.listen({ host: '127.0.0.1', port: 0 });
    const { port } = a.server.address() as { port: number };
    const pending = fetch(`http://127.0.0.1:${port}/test/slow`).then((r) => r.json());
    await inHandler;
    expect(a.lifecycle.inFlight).toBe(1);
    const closing = closeGracefully(a, 10_000);
    expect(a.lifecycle.draining).toBe(true);
    release();
    expect(await pending).toEqual({ done: true });
    await closing;
  });
});
