import type { FastifyInstance } from 'fastify';

/**
 * `/` (what this server is and where to go: `npm start` prints it as "Relay"), `/health` (process up, uptime), `/liveness` (the event loop answers), `/readiness` (503 while draining
 * for shutdown): probes for orchestrators and `npm start`.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const startedAt = Date.now();
  const probe = { logLevel: 'warn' as const, schema: { tags: ['ops'] } };
  app.get('/health', probe, async () => ({
    status: 'ok',
    mode: app.relayConfig.mode,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  }));
  app.get('/', { logLevel: 'warn' as const, schema: { hide: true } }, async () => ({
    name: 'Avvance Workbench relay',
    mode: app.relayConfig.mode,
    sandbox: app.relayConfig.sandbox,
    // Relative links: the same answer behind any proxy or public URL. HTTP API reference: docs/relay.md.
    links: {
      health: '/health',
      readiness: '/readiness',
      metrics: '/metrics',
      relayOpenApi: '/docs/openapi.json',
      avvanceOpenApi: '/openapi/avvance.json',
      localSignIn: '/v1/auth/local',
      sessions: '/v1/sessions',
      replay: '/v1/replay',
      proxy: '/v1/proxy/{environment}/{avvancePath}',
      webViewer: '/s/{sessionId}',
    },
  }));
  app.get('/liveness', probe, async () => ({ status: 'ok' }));
  app.get('/readiness', probe, async (_request, reply) => {
    if (app.lifecycle.draining) {
      return reply.code(503).header('Retry-After', '5').send({ status: 'draining' });
    }
    // Several instances share sessions through Redis: without it this instance cannot serve them fully.
    if (app.hasDecorator('backplane') && !app.backplane.healthy) {
      return reply.code(503).header('Retry-After', '5').send({ status: 'backplane-unavailable' });
    }
    return { status: 'ready' };
  });
}
