/**
 * OIDC sign-in (mode `oidc`): authorization code + PKCE (S256) with @fastify/oauth2, endpoints discovered
 * from the issuer, `state` checked against its cookie (CSRF). The ID token is verified against the issuer's
 * JWKS and its claims mapped to a {@link RelayUser}; the relay then issues its own tokens — as JSON, or in
 * the fragment of the extension's `identity.launchWebAuthFlow` redirect URL.
 *
 * Claim mapping (docs/relay.md): role claim absent → `developer`; `developer`/`admin` → that role; any
 * other value → sign-in refused (a misconfigured IdP must not silently grant or strip access). Partner
 * claim must name a configured partner; admins without one act for the first partner.
 */
import oauth2, { type OAuth2Namespace } from '@fastify/oauth2';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import Type from 'typebox';
import type { OidcConfig, RelayConfig } from '../config/types.ts';
import { RelayErrors } from '../errors.ts';
import { fragmentParams, TokenPairSchema } from '../routes/auth.ts';
import type { RelayUser, Role } from '../types.ts';
import { type IdTokenExpectations, verifyIdToken } from './id-token.ts';
import { parseExtensionRedirectUri, withFragment } from './redirect-uri.ts';

/** Where a browser starts the OIDC sign-in. */
export const OIDC_LOGIN_PATH = '/v1/auth/oidc/login';
/** The redirect URI registered with the identity provider (`<publicUrl>/v1/auth/oidc/callback`). */
export const OIDC_CALLBACK_PATH = '/v1/auth/oidc/callback';
/** Cookie remembering the extension redirect URI across the provider round trip. */
export const EXTENSION_REDIRECT_COOKIE = 'relay_oidc_redirect';

const NAMESPACE = 'relayOidc';
const COOKIE_PATH = '/v1/auth/oidc';
const JWKS_REFRESH_MS = 60_000;

interface Discovery {
  issuer: string;
  jwks_uri: string;
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.json();
}

async function discover(issuer: string): Promise<Discovery> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const doc = (await fetchJson(url)) as Partial<Discovery>;
  if (typeof doc.issuer !== 'string' || typeof doc.jwks_uri !== 'string') {
    throw new Error(`${url} lacks issuer or jwks_uri`);
  }
  if (doc.issuer.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    throw new Error(`discovery issuer "${doc.issuer}" does not match RELAY_OIDC_ISSUER "${issuer}"`);
  }
  return { issuer: doc.issuer, jwks_uri: doc.jwks_uri };
}

/** Maps verified ID-token claims onto a relay user; a string is the refusal reason. */
export function userFromClaims(
  claims: Record<string, unknown>,
  oidc: Pick<OidcConfig, 'roleClaim' | 'partnerClaim'>,
  config: Pick<RelayConfig, 'partners'>,
): RelayUser | string {
  const rawRole = claims[oidc.roleClaim];
  let role: Role;
  if (rawRole === undefined || rawRole === null) role = 'developer';
  else if (rawRole === 'developer' || rawRole === 'admin') role = rawRole;
  else return `claim ${oidc.roleClaim} has an unknown role (expected "developer" or "admin")`;
  const rawPartner = claims[oidc.partnerClaim];
  let partnerId: string;
  if (typeof rawPartner === 'string' && rawPartner !== '') {
    if (!config.partners.some((p) => p.id === rawPartner))
      return `partner "${rawPartner}" is not configured on this relay`;
    partnerId = rawPartner;
  } else if (role === 'admin' && config.partners[0]) {
    partnerId = config.partners[0].id;
  } else {
    return `claim ${oidc.partnerClaim} (the Avvance partner id) is missing`;
  }
  const sub = claims['sub'] as string;
  const name = [claims['name'], claims['preferred_username'], claims['email']].find(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  return { sub, name: (name ?? sub).slice(0, 100), role, partnerId };
}

async function oidc(parent: FastifyInstance): Promise<void> {
  const config = parent.relayConfig;
  const settings = config.oidc;
  if (!settings) throw new Error('oidcPlugin: relayConfig.oidc is missing (mode oidc needs it)');
  const secure = config.publicUrl.startsWith('https://');

  let discovery: Discovery;
  try {
    discovery = await discover(settings.issuer);
  } catch (e: unknown) {
    throw new RelayErrors.configInvalid(
      `RELAY_OIDC_ISSUER: discovery failed (${e instanceof Error ? e.message : String(e)})`,
    );
  }

  await parent.register(oauth2, {
    name: NAMESPACE,
    scope: settings.scopes,
    credentials: { client: { id: settings.clientId, secret: settings.clientSecret } },
    discovery: { issuer: settings.issuer },
    callbackUri: `${config.publicUrl}${OIDC_CALLBACK_PATH}`,
    pkce: 'S256',
    cookie: { path: COOKIE_PATH, secure, sameSite: 'lax', httpOnly: true },
  });
  const ns = (parent as unknown as Record<string, OAuth2Namespace>)[NAMESPACE]!;

  let keys: IdTokenExpectations['keys'] = [];
  let keysFetchedAt = 0;
  async function loadKeys(force: boolean): Promise<IdTokenExpectations['keys']> {
    if (force ? Date.now() - keysFetchedAt < JWKS_REFRESH_MS : keys.length > 0) return keys;
    const jwks = (await fetchJson(discovery.jwks_uri)) as { keys?: IdTokenExpectations['keys'] };
    keys = Array.isArray(jwks.keys) ? jwks.keys : [];
    keysFetchedAt = Date.now();
    return keys;
  }

  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    OIDC_LOGIN_PATH,
    {
      schema: {
        tags: ['auth'],
        summary: 'OIDC mode: start the sign-in (redirects to the identity provider)',
        querystring: Type.Object({
          redirect_uri: Type.Optional(Type.String({ maxLength: 2048 })),
          state: Type.Optional(Type.String({ maxLength: 512 })),
        }),
      },
    },
    async (request, reply) => {
      const { redirect_uri: redirectUri, state } = request.query;
      if (redirectUri !== undefined) {
        if (!parseExtensionRedirectUri(redirectUri)) throw new RelayErrors.authRedirectUri();
        const value = Buffer.from(JSON.stringify({ uri: redirectUri, state })).toString('base64url');
        reply.setCookie(EXTENSION_REDIRECT_COOKIE, value, {
          path: COOKIE_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: 600,
        });
      }
      const url = await ns.generateAuthorizationUri(request, reply);
      return reply.redirect(url, 302);
    },
  );

  async function finish(reply: FastifyReply, idToken: string | undefined, cookie: string | undefined) {
    if (!idToken) throw new RelayErrors.authOidcFailed('no ID token returned (is the openid scope granted?)');
    let result = verifyIdToken(idToken, {
      issuer: discovery.issuer,
      clientId: settings!.clientId,
      keys: await loadKeys(false),
    });
    if (!result.ok && result.reason === 'no issuer key matches the ID token') {
      // The issuer may have rotated its keys.
      result = verifyIdToken(idToken, {
        issuer: discovery.issuer,
        clientId: settings!.clientId,
        keys: await loadKeys(true),
      });
    }
    if (!result.ok) throw new RelayErrors.authOidcFailed(result.reason);
    const user = userFromClaims(result.claims, settings!, config);
    if (typeof user === 'string') throw new RelayErrors.authOidcClaims(user);
    reply.log.info({ sub: user.sub, role: user.role, partnerId: user.partnerId }, 'oidc sign-in');
    const tokens = await app.issueTokenPair(user);
    reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
    if (cookie) {
      reply.clearCookie(EXTENSION_REDIRECT_COOKIE, { path: COOKIE_PATH });
      let saved: { uri?: unknown; state?: unknown } = {};
      try {
        saved = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8'));
      } catch {
        // A garbled cookie falls through to the JSON answer.
      }
      const redirect = parseExtensionRedirectUri(saved.uri);
      if (redirect) {
        const state = typeof saved.state === 'string' ? saved.state : undefined;
        return reply.redirect(withFragment(redirect, fragmentParams(tokens, state)), 302);
      }
    }
    return reply.send(tokens);
  }

  app.get(
    OIDC_CALLBACK_PATH,
    {
      schema: {
        tags: ['auth'],
        summary: 'OIDC mode: the identity provider redirects here; answers the relay tokens',
        querystring: Type.Object({
          code: Type.Optional(Type.String({ maxLength: 4096 })),
          state: Type.Optional(Type.String({ maxLength: 1024 })),
          error: Type.Optional(Type.String({ maxLength: 256 })),
          error_description: Type.Optional(Type.String({ maxLength: 1024 })),
          iss: Type.Optional(Type.String({ maxLength: 2048 })),
        }),
        response: { 200: TokenPairSchema },
      },
    },
    async (request, reply) => {
      if (request.query.error) {
        throw new RelayErrors.authOidcDenied(request.query.error_description ?? request.query.error);
      }
      let idToken: string | undefined;
      try {
        const { token } = await ns.getAccessTokenFromAuthorizationCodeFlow(request, reply);
        idToken = typeof token.id_token === 'string' ? token.id_token : undefined;
      } catch (e: unknown) {
        const message = e instanceof Error ? e.message : String(e);
        if (message === 'Invalid state') throw new RelayErrors.authOidcState();
        request.log.warn({ err: e }, 'oidc code exchange failed');
        throw new RelayErrors.authOidcFailed('the authorization code was refused');
      }
      return finish(reply, idToken, request.cookies[EXTENSION_REDIRECT_COOKIE]);
    },
  );
}

/** OIDC sign-in routes (registered by the auth plugin in mode `oidc`). Discovery runs at registration. */
export const oidcPlugin = fp(oidc, {
  name: 'relay-oidc',
  fastify: '5.x',
  decorators: { fastify: ['relayConfig'] },
});
