import type { FastifyInstance } from 'fastify';
import { avvanceOpenApi } from '../../../shared/src/openapi/index.ts';

/** Serves the project's Avvance-compatible OpenAPI 3.1 document (the sandbox's contract). */
export async function openapiRoutes(app: FastifyInstance): Promise<void> {
  app.get('/openapi/avvance.json', async () => avvanceOpenApi);
}
