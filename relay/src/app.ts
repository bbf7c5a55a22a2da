import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { installErrorHandler } from './plugins/error-handler.ts';
import { healthRoutes } from './routes/health.ts';
import { openapiRoutes } from './routes/openapi.ts';

/** Options of {@link build}. */
export interface BuildOptions {
  /** Fastify logger option. Defaults to `false` (tests); the server enables pino JSON logs. */
  logger?: FastifyServerOptions['logger'];
}

/**
 * Builds the relay application without listening (tests use `app.inject`; `server.ts` listens).
 */
export async function build(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false });

  installErrorHandler(app);

  await app.register(healthRoutes);
  await app.register(openapiRoutes);
  return app;
}
