import type { FastifyInstance } from 'fastify';

/** `/health`, `/liveness`, `/readiness`: process and dependency health for probes and `npm start`. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const startedAt = Date.now();
  app.get('/health', async () => ({
    status: 'ok',
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  }));
  app.get('/liveness', async () => ({ status: 'ok' }));
  app.get('/readiness', async () => ({ status: 'ready' }));
}
