import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import { isPreMasked } from '../sessions/pre-masked.ts';
import type { RelayUser } from '../types.ts';
import { MAX_DEFERRED_PUBLISHES, publishExchangeLater } from './exchange.ts';

const user: RelayUser = { sub: 'u', name: 'U', role: 'developer', partnerId: 'p' };
const log = { error: () => undefined } as unknown as FastifyBaseLogger;

function fakeApp(published: { session: string; exchange: Exchange }[]): FastifyInstance {
  return {
    sessions: {
      publish: (_p: string, session: string, exchange: Exchange) => {
        published.push({ session, exchange });
        return published.length;
      },
    },
  } as unknown as FastifyInstance;
}

const exchange = (id: string): Exchange =>
  ({
    id,
    source: 'proxy',
    masked: false,
    request: {
      id: 'c',
      timestamp: '2025-11-25T12:00:00.000Z',
      type: 'request',
      method: 'GET',
      url: 'https://up.example/x?email=ada@example.com',
      headers: {},
    },
  }) as Exchange;

const turn = () => new Promise<void>((r) => setImmediate(r));

describe('publishExchangeLater', () => {
  it('publishes after the current turn, in call order, masked once and marked as such', async () => {
    const published: { session: string; exchange: Exchange }[] = [];
    const app = fakeApp(published);
    for (let i = 0; i < 3; i++) publishExchangeLater(app, log, user, 's', () => exchange(`e${i}`));
    expect(published).toHaveLength(0);
    await turn();
    expect(published.map((p) => p.exchange.id)).toEqual(['e0', 'e1', 'e2']);
    for (const p of published) {
      expect(isPreMasked(p.exchange)).toBe(true);
      expect(p.exchange.request.url).not.toContain('ada@example.com');
    }
  });

  it('is bounded: beyond the queue limit it publishes synchronously and loses nothing', async () => {
    const published: { session: string; exchange: Exchange }[] = [];
    const app = fakeApp(published);
    const n = MAX_DEFERRED_PUBLISHES + 10;
    for (let i = 0; i < n; i++) publishExchangeLater(app, log, user, 's', () => exchange(`e${i}`));
    expect(published).toHaveLength(10);
    while (published.length < n) await turn();
    expect(new Set(published.map((p) => p.exchange.id)).size).toBe(n);
  });

  it('a build that throws is logged and does not stop the queue', async () => {
    const published: { session: string; exchange: Exchange }[] = [];
    const errors: string[] = [];
    const app = fakeApp(published);
    const l = { error: (_o: object, m: string) => errors.push(m) } as unknown as FastifyBaseLogger;
    publishExchangeLater(app, l, user, 's', () => {
      throw new Error('boom');
    });
    publishExchangeLater(app, l, user, 's', () => exchange('ok'));
    await turn();
    expect(errors).toEqual(['could not build the exchange']);
    expect(published.map((p) => p.exchange.id)).toEqual(['ok']);
  });
});
