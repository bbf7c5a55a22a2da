/**
 * Decorates `app.backplane`: the Redis backplane when `redisUrl` (RELAY_REDIS_URL) is configured, else the
 * in-memory default (single instance, behaviour unchanged). Register it before the upstream routes (their
 * rate limits use its Redis) and the sessions plugin (its hub attaches to it).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge } from 'prom-client';
import { RedisBackplane } from './redis.ts';
import { type Backplane, MemoryBackplane } from './types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Link to the other relay instances (relay/src/backplane); in-memory when no Redis is configured. */
    backplane: Backplane;
  }
}

/** Options of {@link backplanePlugin} (tests shorten the timings). */
export interface BackplanePluginOptions {
  /** Redis URL; defaults to `app.relayConfig.redisUrl`. */
  url?: string;
  holeTimeoutMs?: number;
  tickMs?: number;
  /** How long startup waits for Redis before serving unready, ms. Defaults to 3 000. */
  startupWaitMs?: number;
}

async function plugin(app: FastifyInstance, opts: BackplanePluginOptions): Promise<void> {
  const url = opts.url ?? app.relayConfig.redisUrl;
  if (!url) {
    app.decorate('backplane', new MemoryBackplane());
    return;
  }
  const registers = app.hasDecorator('metrics') ? [app.metrics.registry] : [];
  const up = new Gauge({
    name: 'relay_backplane_up',
    help: 'Whether the Redis backplane is connected and recovered (1) or not (0)',
    registers,
  });
  const lost = new Counter({
    name: 'relay_backplane_lost_events_total',
    help: 'Session events reported to clients as lost (gap backplane-lost) after a backplane outage',
    registers,
  });
  const backplane = new RedisBackplane({
    url,
    log: app.log,
    ...(opts.holeTimeoutMs ? { holeTimeoutMs: opts.holeTimeoutMs } : {}),
    ...(opts.tickMs ? { tickMs: opts.tickMs } : {}),
    onHealth: (healthy) => up.set(healthy ? 1 : 0),
    onLost: (n) => lost.inc(n),
  });
  up.set(0);
  app.decorate('backplane', backplane);
  app.addHook('onClose', async () => backplane.close());
  if (!(await backplane.ready(opts.startupWaitMs ?? 3_000)))
    app.log.warn('backplane: Redis not reachable at startup; serving unready until it is');
}

export const backplanePlugin = fp(plugin, { name: 'relay-backplane', fastify: '5.x' });

/** The Redis client behind the backplane (shared rate limits), if one is configured. */
export function backplaneRedis(app: FastifyInstance): RedisBackplane['client'] | undefined {
  const bp = app.hasDecorator('backplane') ? app.backplane : undefined;
  return bp instanceof RedisBackplane ? bp.client : undefined;
}
