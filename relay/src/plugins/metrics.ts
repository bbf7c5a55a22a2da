/**
 * Prometheus metrics (prom-client) in one per-app `Registry`: the request-duration histogram, process
 * defaults, and the metrics other plugins update through `app.metrics` (upstream latency, WebSocket
 * connections, events broadcast/dropped, rate-limited requests, breaker state, load shedding).
 * `GET /metrics` serves them in the Prometheus text format.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds buckets for relay-side latencies: most relay work is sub-millisecond, upstreams take 10 ms-10 s. */
export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Value of `relay_breaker_state` per state. */
export const BREAKER_STATE_VALUE = Object.freeze({ closed: 0, 'half-open': 1, open: 2 });

/** The relay's metrics (`app.metrics`). Label values must come from a bounded set (never raw URLs or ids). */
export interface RelayMetrics {
  /** The app's own registry (tests build many apps: no global registry). */
  registry: Registry;
  /** `relay_http_request_duration_seconds{route,method,status}`: route is the route pattern, `unmatched` for 404s. */
  httpRequestDuration: Histogram<'route' | 'method' | 'status'>;
  /**
   * `relay_upstream_duration_seconds{environment,source,status}`: one Avvance call from replay/proxy;
   * `source` is `replay` | `proxy` | `token`, `status` the HTTP status or `timeout` | `error`.
   */
  upstreamDuration: Histogram<'environment' | 'source' | 'status'>;
  /** `relay_ws_connections`: open team-session WebSockets (inc on open, dec on close). */
  wsConnections: Gauge;
  /** `relay_events_broadcast_total`: event frames delivered to subscribers (inc by subscriber count). */
  eventsBroadcast: Counter;
  /** `relay_events_dropped_total{reason}`: `slow-consumer` | `dead` | `backlog-evicted`… */
  eventsDropped: Counter<'reason'>;
  /** `relay_rate_limited_total{route}`: requests answered 429. */
  rateLimited: Counter<'route'>;
  /** `relay_breaker_state{environment}`: see {@link BREAKER_STATE_VALUE}. */
  breakerState: Gauge<'environment'>;
  /** `relay_load_shed_total`: requests answered 503 under event-loop pressure. */
  loadShed: Counter;
}

/** Creates the metrics in a fresh registry, with process default metrics (`process_*`, `nodejs_*`). */
export function createRelayMetrics(): RelayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'relay_http_request_duration_seconds',
      help: 'Relay HTTP request duration by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'relay_upstream_duration_seconds',
      help: 'Avvance upstream call duration by environment, source and status',
      labelNames: ['environment', 'source', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    wsConnections: new Gauge({
      name: 'relay_ws_connections',
      help: 'Open team-session WebSockets',
      registers,
    }),
    eventsBroadcast: new Counter({
      name: 'relay_events_broadcast_total',
      help: 'Session event frames delivered to subscribers',
      registers,
    }),
    eventsDropped: new Counter({
      name: 'relay_events_dropped_total',
      help: 'Session events not delivered, by reason',
      labelNames: ['reason'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'relay_rate_limited_total',
      help: 'Requests answered 429 by the per-partner rate limit',
      labelNames: ['route'],
      registers,
    }),
    breakerState: new Gauge({
      name: 'relay_breaker_state',
      help: 'Circuit breaker state per upstream environment (0 closed, 1 half-open, 2 open)',
      labelNames: ['environment'],
      registers,
    }),
    loadShed: new Counter({
      name: 'relay_load_shed_total',
      help: 'Requests answered 503 under event-loop pressure',
      registers,
    }),
  };
}

async function metrics(app: FastifyInstance): Promise<void> {
  const m = createRelayMetrics();
  app.decorate('metrics', m);

  app.addHook('onResponse', async (request, reply) => {
    m.httpRequestDuration.observe(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    reply.type(m.registry.contentType);
    return m.registry.metrics();
  });
}

/** Decorates `app.metrics` and serves `GET /metrics`. */
export const metricsPlugin = fp(metrics, { name: 'relay-metrics', fastify: '5.x' });
