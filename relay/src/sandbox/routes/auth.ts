import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { TokenErrorResponse, TokenRequest, TokenResponse } from '../../../../shared/src/openapi/index.ts';
import type { SandboxCore } from '../core.ts';
import { partnerOf } from '../request-context.ts';

/** `POST /auth/oauth2/v1/token`: client credentials (Basic key:secret) → camelCase bearer token. */
export async function authRoutes(app: FastifyInstance, { core }: { core: SandboxCore }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/auth/oauth2/v1/token',
    {
      config: { operationId: 'getToken' },
      schema: {
        body: TokenRequest,
        response: {
          200: TokenResponse,
          400: TokenErrorResponse,
          401: TokenErrorResponse,
          500: TokenErrorResponse,
        },
      },
    },
    async (request) => {
      const partner = partnerOf(request);
      return {
        tokenType: 'BearerToken' as const,
        expiresIn: '899',
        accessToken: core.issueToken(partner.config.partnerId),
      };
    },
  );
}
