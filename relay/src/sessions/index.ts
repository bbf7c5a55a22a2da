/**
 * Team sessions: the in-memory hub (`app.sessions`), `WS /v1/sessions/:id/stream` and the REST routes.
 * Reference: docs/relay.md and docs/protocol.md.
 */
import { randomBytes } from 'node:crypto';
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MAX_FRAME_BYTES, MAX_SERVER_FRAME_BYTES } from '../../../shared/src/protocol/limits.ts';
import { SessionHub } from './hub.ts';
import { sessionMetricsOf } from './metrics.ts';
import { ConnectionRegistry } from './registry.ts';
import { sessionRestRoutes } from './rest-routes.ts';
import { sessionStreamRoute } from './ws-route.ts';

export { CLOSE_GOING_AWAY, CLOSE_SLOW_CONSUMER } from './connection.ts';
export { SessionErrors, WebhookErrors } from './errors.ts';
export { SessionHub, type SessionHubOptions } from './hub.ts';

/** Options of {@link sessionsPlugin}. */
export interface SessionsPluginOptions {
  /** Idle sessions (no members, no events) are dropped after this many ms. Defaults to 30 minutes. */
  idleMs?: number;
  /** WebSocket ping interval; a connection that misses one ping is terminated. Defaults to 30 000 ms. */
  heartbeatMs?: number;
  /**
   * Per-connection send-buffer cap in bytes; a slower reader is closed with 4008. Defaults to 8 MiB; at
   * least `MAX_SERVER_FRAME_BYTES` so one maximal event always fits.
   */
  maxBufferedBytes?: number;
  /** Sessions one connection may subscribe to. Defaults to 16. */
  maxSubscriptions?: number;
  /** Client frames accepted per connection per second. Defaults to 200. */
  maxFramesPerSecond?: number;
  /** Most sessions in memory. Defaults to 10 000. */
  maxSessions?: number;
}

/** Defaults of {@link SessionsPluginOptions}. */
export const SESSION_DEFAULTS = {
  idleMs: 30 * 60_000,
  heartbeatMs: 30_000,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxSubscriptions: 16,
  maxFramesPerSecond: 200,
  maxSessions: 10_000,
} as const;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new TypeError(`sessions: ${name} must be a positive integer`);
  return value;
}

async function sessions(app: FastifyInstance, opts: SessionsPluginOptions): Promise<void> {
  const o = { ...SESSION_DEFAULTS, ...opts };
  // Fail fast at registration (STYLE #11), never at request time.
  for (const key of Object.keys(SESSION_DEFAULTS) as (keyof typeof SESSION_DEFAULTS)[])
    positiveInteger(key, o[key]);
  if (o.maxBufferedBytes < MAX_SERVER_FRAME_BYTES)
    throw new TypeError(`sessions: maxBufferedBytes must be ≥ ${MAX_SERVER_FRAME_BYTES} (one maximal event)`);

  const config = app.relayConfig;
  const hub = new SessionHub({
    publicUrl: config.publicUrl,
    backlog: { maxEvents: config.limits.backlogEvents, maxBytes: config.limits.backlogBytes },
    idleMs: o.idleMs,
    maxSessions: o.maxSessions,
    // A configured JWT secret keeps named-session ids stable across restarts (clients see a new epoch).
    namedKey: config.jwt.secret || randomBytes(32).toString('hex'),
    metrics: sessionMetricsOf(app),
    // Shared with the other relay instances when a Redis backplane is configured (relay/src/backplane).
    ...(app.hasDecorator('backplane') ? { backplane: app.backplane } : {}),
    warn: (obj, msg) => app.log.warn(obj, msg),
    onRemoteDelete: (id) => connections.sessionDeleted(id),
  });
  const connections = new ConnectionRegistry();
  app.decorate('sessions', hub);
  // Default sessions keep their id across restarts: resolve it before anyone asked for `default`.
  for (const partner of config.partners) hub.knowNamed(partner.id, partner.defaultSession);

  // Added before @fastify/websocket's own preClose (which closes without a code), so clients get
  // `server-shutting-down` and close 1001 first.
  app.addHook('preClose', async () => connections.shutdown());
  app.addHook('onClose', async () => hub.close());

  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  }

  await app.register(sessionRestRoutes, { hub, connections });
  await app.register(sessionStreamRoute, {
    hub,
    connections,
    maxBufferedBytes: o.maxBufferedBytes,
    maxSubscriptions: o.maxSubscriptions,
    maxFramesPerSecond: o.maxFramesPerSecond,
    relay: { name: 'avvance-relay', version: '0.1.0' },
  });

  connections.startHeartbeat(o.heartbeatMs);
}

/**
 * Team sessions plugin (fastify-plugin wrapped, so `app.sessions` is visible app-wide). Needs
 * `app.authenticate` and `app.relayConfig`; registers @fastify/websocket when the app has not.
 */
export const sessionsPlugin = fp(sessions, {
  name: 'avvance-sessions',
  fastify: '5.x',
  decorators: { fastify: ['authenticate', 'relayConfig'] },
});
