/**
 * Readiness and graceful shutdown. `app.close()` first marks the relay draining (readiness 503, new
 * non-probe requests 503 + `Connection: close`), then Fastify stops accepting connections and waits for
 * in-flight requests; `onClose` hooks run last (the sessions plugin closes WebSockets with 1001 there).
 * {@link closeGracefully} bounds the wait.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorEnvelope, RelayErrors } from '../errors.ts';

/** Routes still answered while draining (probes and metrics). */
export const PROBE_ROUTES: readonly string[] = ['/health', '/liveness', '/readiness', '/metrics'];

/** Seconds suggested to clients turned away while draining. */
export const DRAINING_RETRY_AFTER_SECONDS = 5;

/** Lifecycle state (`app.lifecycle`). */
export interface RelayLifecycle {
  /** True once shutdown began: readiness fails and new requests are refused. */
  readonly draining: boolean;
  /** Requests received and not yet answered. */
  readonly inFlight: number;
  /** Marks the relay draining (idempotent); `app.close()` does it too. */
  startDraining(): void;
}

async function lifecycle(app: FastifyInstance): Promise<void> {
  let draining = false;
  let inFlight = 0;
  const counted = new WeakSet<object>();
  const state: RelayLifecycle = {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    startDraining() {
      if (draining) return;
      draining = true;
      app.log.info({ inFlight }, 'draining: readiness is now false');
    },
  };
  app.decorate('lifecycle', state);

  app.addHook('onRequest', async (request, reply) => {
    if (draining && !PROBE_ROUTES.includes(request.routeOptions.url ?? '')) {
      const err = new RelayErrors.draining();
      return reply
        .code(err.statusCode)
        .header('Retry-After', String(DRAINING_RETRY_AFTER_SECONDS))
        .header('Connection', 'close')
        .send(errorEnvelope(err.code, err.message));
    }
    counted.add(request);
    inFlight += 1;
  });
  const done = async (request: object) => {
    if (counted.delete(request)) inFlight -= 1;
  };
  app.addHook('onResponse', done);
  app.addHook('onRequestAbort', done);
  app.addHook('preClose', async () => state.startDraining());
}

/** Decorates `app.lifecycle`; refuses new work while draining. */
export const lifecyclePlugin = fp(lifecycle, { name: 'relay-lifecycle', fastify: '5.x' });

/**
 * Closes the app gracefully: draining, stop accepting, wait for in-flight requests at most `timeoutMs`,
 * then force-close remaining connections. Resolves when `onClose` hooks have run.
 */
export async function closeGracefully(app: FastifyInstance, timeoutMs: number): Promise<void> {
  app.lifecycle.startDraining();
  const timer = setTimeout(() => {
    app.log.warn(
      { inFlight: app.lifecycle.inFlight, timeoutMs },
      'shutdown timeout: closing remaining connections',
    );
    app.server.closeAllConnections?.();
  }, timeoutMs);
  timer.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
