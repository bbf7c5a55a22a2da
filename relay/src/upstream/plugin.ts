import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { UpstreamEnvironment } from '../config/types.ts';
import { BREAKER_STATE_VALUE, type BreakerState } from './circuit-breaker.ts';
import { TokenCache } from './token-cache.ts';
import { Upstream } from './upstream.ts';

/** State of one environment's breaker, for `/metrics` and `/readiness`. */
export interface UpstreamHealth {
  environment: string;
  state: BreakerState;
  failures: number;
}

/** The configured upstreams, shared by replay and the pass-through. */
export interface UpstreamRegistry {
  /** The environment named `name`, if configured. */
  get(name: string): Upstream | undefined;
  /** Configured environment names, the default first. */
  names(): string[];
  /** Breaker state of every environment. */
  health(): UpstreamHealth[];
}

/** Options of {@link upstreamPlugin}. */
export interface UpstreamPluginOptions {
  /** Environments. Defaults to `app.relayConfig.environments`. */
  environments?: UpstreamEnvironment[];
  /** Consecutive failures that open an environment's breaker. Defaults to 5. */
  breakerFailureThreshold?: number;
  /** How long a breaker stays open before one probe call, ms. Defaults to 30 000. */
  breakerOpenMs?: number;
  /** Clock for breakers and token expiry, epoch ms. Defaults to `Date.now` (tests inject one). */
  now?: () => number;
  /** Socket connect timeout, ms. Defaults to 5 000. */
  connectTimeoutMs?: number;
  /** Called when a breaker changes state (e.g. to update a metrics gauge); a warning is logged anyway. */
  onBreakerChange?: (environment: string, state: BreakerState, previous: BreakerState) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Configured Avvance upstreams (relay/src/upstream). */
    upstreams: UpstreamRegistry;
  }
}

/** The relay's own loopback origin once it listens (`0.0.0.0`/`::` are reached via 127.0.0.1/::1). */
export function loopbackOrigin(app: FastifyInstance): string | undefined {
  const address = app.server.address();
  if (!address || typeof address === 'string') return undefined;
  let host = address.address;
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::') host = '::1';
  return `http://${address.family === 'IPv6' || host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

async function plugin(app: FastifyInstance, opts: UpstreamPluginOptions): Promise<void> {
  const environments = opts.environments ?? app.relayConfig?.environments;
  if (!Array.isArray(environments) || environments.length === 0) {
    throw new TypeError(
      'upstreamPlugin: no environments (register the config plugin first, or pass environments)',
    );
  }
  const tokens = new TokenCache(opts.now ? { now: opts.now } : {});
  const log = app.log.child({ module: 'upstream' });
  const upstreams = new Map<string, Upstream>();
  for (const environment of environments) {
    if (upstreams.has(environment.name))
      throw new TypeError(`upstreamPlugin: duplicate environment "${environment.name}"`);
    const name = environment.name;
    upstreams.set(
      name,
      new Upstream({
        environment,
        tokens,
        resolveEmbedded: () => loopbackOrigin(app),
        onTokenCall: (status, ms) => {
          if (app.hasDecorator('metrics'))
            app.metrics.upstreamDuration.observe(
              { environment: name, source: 'token', status: String(status) },
              ms / 1000,
            );
        },
        ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
        breaker: {
          ...(opts.breakerFailureThreshold ? { failureThreshold: opts.breakerFailureThreshold } : {}),
          ...(opts.breakerOpenMs ? { openMs: opts.breakerOpenMs } : {}),
          ...(opts.now ? { now: opts.now } : {}),
          onStateChange: (state, previous) => {
            log.warn({ environment: name, state, previous }, 'upstream circuit breaker state changed');
            if (app.hasDecorator('metrics'))
              app.metrics.breakerState.set({ environment: name }, BREAKER_STATE_VALUE[state]);
            opts.onBreakerChange?.(name, state, previous);
          },
        },
      }),
    );
  }
  const registry: UpstreamRegistry = {
    get: (name) => upstreams.get(name),
    names: () => [...upstreams.keys()],
    health: () =>
      [...upstreams.values()].map((u) => ({
        environment: u.name,
        state: u.breaker.state,
        failures: u.breaker.failures,
      })),
  };
  app.decorate('upstreams', registry);
  if (app.hasDecorator('metrics')) {
    for (const name of upstreams.keys())
      app.metrics.breakerState.set({ environment: name }, BREAKER_STATE_VALUE.closed);
  }
  app.addHook('onClose', async () => {
    tokens.clear();
    await Promise.all([...upstreams.values()].map((u) => u.close()));
  });
}

/**
 * Decorates `app.upstreams`: one {@link Upstream} per configured environment (connection pool, circuit
 * breaker, partner tokens). Register it once at the root, before `replayRoutes` and `proxyRoutes`.
 */
export const upstreamPlugin = fp(plugin, { name: 'relay-upstream', fastify: '5.x' });
