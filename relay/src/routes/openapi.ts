import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { avvanceOpenApi } from '../../../shared/src/openapi/index.ts';
import type { RelayConfig } from '../config/types.ts';

/** Path of the relay's own OpenAPI document (its HTTP API, from the routes' TypeBox schemas). */
export const RELAY_OPENAPI_PATH = '/docs/openapi.json';

/** Route prefixes documented in the relay's OpenAPI document (the sandbox has its own document). */
const DOCUMENTED = ['/v1/', '/health', '/liveness', '/readiness'];

/** @fastify/swagger options: OpenAPI 3.1, bearer/API-key security schemes, relay routes only. */
export function relayOpenApiOptions(config: RelayConfig): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Avvance Workbench relay',
        version: '0.1.0',
        description:
          'Replay, pass-through, team sessions and webhooks for Avvance integrations. See docs/relay.md.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          relayKey: { type: 'apiKey', in: 'header', name: 'X-Relay-Key' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const documented = DOCUMENTED.some((p) => url.startsWith(p));
      return { schema: documented ? schema : { ...schema, hide: true }, url, ...(route ? { route } : {}) };
    },
  };
}

/**
 * Serves the relay's own OpenAPI document at `/docs/openapi.json` and the project's Avvance-compatible
 * OpenAPI 3.1 document (the sandbox's contract) at `/openapi/avvance.json`.
 */
export async function openapiRoutes(app: FastifyInstance): Promise<void> {
  app.get('/openapi/avvance.json', { schema: { hide: true } }, async () => avvanceOpenApi);
  app.get(RELAY_OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
