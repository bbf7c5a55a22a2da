import type { FastifyInstance } from 'fastify';

/** What the sessions plugin reports; a no-op when the app has no `metrics` decoration. */
export interface SessionMetrics {
  /** A WebSocket connection opened (+1) or closed (-1). */
  connections(delta: 1 | -1): void;
  /** Frames of one event delivered to `count` subscribers. */
  broadcast(count: number): void;
  /** A connection lost events: `slow-consumer` or `dead` (heartbeat). */
  dropped(reason: 'slow-consumer' | 'dead'): void;
}

interface GaugeLike {
  inc(labels?: Record<string, string> | number, value?: number): void;
  dec(labels?: Record<string, string> | number, value?: number): void;
}
interface CounterLike {
  inc(labels?: Record<string, string> | number, value?: number): void;
}

function isFn(value: unknown, name: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[name] === 'function'
  );
}

/** No-op metrics (tests, or an app without the metrics plugin). */
export const NO_METRICS: SessionMetrics = {
  connections: () => undefined,
  broadcast: () => undefined,
  dropped: () => undefined,
};

/**
 * Adapts `app.metrics` (relay-core's prom-client metrics) when present: `wsConnections` (Gauge),
 * `eventsBroadcast` (Counter) and `eventsDropped` (Counter, label `reason`). Missing metrics are skipped.
 */
export function sessionMetricsOf(app: FastifyInstance): SessionMetrics {
  const metrics = (app as unknown as { metrics?: Record<string, unknown> }).metrics;
  if (typeof metrics !== 'object' || metrics === null) return NO_METRICS;
  const gauge = isFn(metrics['wsConnections'], 'inc') ? (metrics['wsConnections'] as GaugeLike) : undefined;
  const sent = isFn(metrics['eventsBroadcast'], 'inc')
    ? (metrics['eventsBroadcast'] as CounterLike)
    : undefined;
  const dropped = isFn(metrics['eventsDropped'], 'inc')
    ? (metrics['eventsDropped'] as CounterLike)
    : undefined;
  return {
    connections: (delta) => (delta > 0 ? gauge?.inc() : gauge?.dec()),
    broadcast: (count) => {
      if (count > 0) sent?.inc(count);
    },
    dropped: (reason) => {
      try {
        dropped?.inc({ reason });
      } catch {
        // A counter declared without the `reason` label refuses labels; count it plainly.
        dropped?.inc();
      }
    },
  };
}
