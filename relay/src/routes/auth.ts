/**
 * Sign-in routes: `POST /v1/auth/local` and `GET /v1/auth/local/authorize` (local mode, loopback clients
 * only), `POST /v1/auth/refresh` (rotation) and `GET /v1/auth/me`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { RelayErrors } from '../errors.ts';
import { isLoopbackRequest } from '../plugins/loopback.ts';
import { parseExtensionRedirectUri, withFragment } from '../plugins/redirect-uri.ts';
import type { RelayUser, TokenPair } from '../types.ts';

/** Display name of local-mode users that give none. */
export const DEFAULT_LOCAL_NAME = 'Local developer';

const Name = Type.String({ minLength: 1, maxLength: 64, pattern: "^[\\p{L}\\p{N} ._@'-]+$" });

/** A relay user as returned by the API. */
export const RelayUserSchema = Type.Object({
  sub: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('developer'), Type.Literal('admin')]),
  partnerId: Type.String(),
});

/** Response of sign-in and refresh. */
export const TokenPairSchema = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Access-token lifetime, seconds' }),
  refreshExpiresIn: Type.Integer({ description: 'Refresh-token lifetime, seconds' }),
  user: RelayUserSchema,
});

const ErrorSchema = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });

/** The token pair as URL-fragment parameters (OAuth implicit-style names) for extension redirects. */
export function fragmentParams(tokens: TokenPair, state?: string): Record<string, string> {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_type: tokens.tokenType,
    expires_in: String(tokens.expiresIn),
    ...(state ? { state } : {}),
  };
}

export async function authRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const config = app.relayConfig;

  function localUser(request: FastifyRequest, name: string | undefined): RelayUser {
    if (config.mode !== 'local') throw new RelayErrors.authLocalDisabled();
    // The socket peer only: X-Forwarded-For is never trusted for this decision.
    if (!isLoopbackRequest(request)) throw new RelayErrors.authNotLoopback();
    const display = name ?? DEFAULT_LOCAL_NAME;
    const slug =
      display
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-|-$/g, '') || 'developer';
    return { sub: `local:${slug}`, name: display, role: 'developer', partnerId: config.partners[0]!.id };
  }

  app.post(
    '/v1/auth/local',
    {
      schema: {
        tags: ['auth'],
        summary: 'Local mode: sign in as a developer of the default partner (loopback clients only)',
        body: Type.Optional(Type.Object({ name: Type.Optional(Name) }, { additionalProperties: false })),
        response: { 200: TokenPairSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const user = localUser(request, request.body?.name);
      request.log.info({ sub: user.sub }, 'local sign-in');
      return app.issueTokenPair(user);
    },
  );

  app.get(
    '/v1/auth/local/authorize',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Local mode: browser sign-in for identity.launchWebAuthFlow (tokens in the redirect fragment)',
        querystring: Type.Object({
          redirect_uri: Type.String({ maxLength: 2048 }),
          state: Type.Optional(Type.String({ maxLength: 512 })),
          name: Type.Optional(Name),
        }),
        response: { 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const redirect = parseExtensionRedirectUri(request.query.redirect_uri);
      if (!redirect) throw new RelayErrors.authRedirectUri();
      const tokens = await app.issueTokenPair(localUser(request, request.query.name));
      reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      return reply.redirect(withFragment(redirect, fragmentParams(tokens, request.query.state)), 302);
    },
  );

  app.post(
    '/v1/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token (single use) for a new token pair',
        body: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 4096 }) }),
        response: { 200: TokenPairSchema, 401: ErrorSchema },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return app.rotateRefreshToken(request.body.refreshToken);
    },
  );

  app.get(
    '/v1/auth/me',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        security: [{ bearerAuth: [] }],
        response: { 200: Type.Object({ user: RelayUserSchema, mode: Type.String() }), 401: ErrorSchema },
      },
    },
    async (request) => ({ user: request.user as RelayUser, mode: config.mode }),
  );
}
