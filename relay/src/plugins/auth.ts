/**
 * Relay authentication: HS256 relay JWTs (@fastify/jwt, algorithm pinned) — 15-minute access tokens
 * (`typ: 'access'`) and rotating refresh tokens (`typ: 'refresh'`) — and partner API keys for the
 * pass-through. Decorates `authenticate`, `authenticatePartnerKey`, `issueAccessToken`, `issueTokenPair`
 * and `rotateRefreshToken`, then mounts the sign-in routes (local mode, or OIDC).
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_LOCAL_API_KEY } from '../config/defaults.ts';
import type { PartnerConfig } from '../config/types.ts';
import { RelayErrors } from '../errors.ts';
import { authRoutes } from '../routes/auth.ts';
import type { RelayUser, Role, TokenPair } from '../types.ts';
import { isLoopbackRequest } from './loopback.ts';
import { OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH, oidcPlugin } from './oidc.ts';
import { RefreshStore } from './refresh-store.ts';

/** `iss` of every relay token. */
export const TOKEN_ISSUER = 'avvance-workbench-relay';

/** Header a partner backend may send its relay API key in (or `Authorization: Bearer <key>`). */
export const RELAY_KEY_HEADER = 'x-relay-key';

const ROLES: readonly Role[] = ['developer', 'admin'];
const BEARER = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i;

type TokenType = 'access' | 'refresh';
interface TokenClaims extends RelayUser {
  typ: TokenType;
  jti?: string;
  fam?: string;
  exp?: number;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return BEARER.exec(header)?.[1];
}

function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return request.method === 'GET' && request.headers.upgrade?.toLowerCase() === 'websocket';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

async function auth(app: FastifyInstance): Promise<void> {
  const config = app.relayConfig;
  const partners = new Map(config.partners.map((p) => [p.id, p]));
  const refreshStore = new RefreshStore();

  await app.register(fastifyJwt, {
    secret: config.jwt.secret,
    sign: { algorithm: 'HS256', iss: TOKEN_ISSUER, expiresIn: config.jwt.ttlSeconds },
    // Pinned: `alg: none`, RS/ES tokens (key confusion) and other HMACs are refused.
    verify: { algorithms: ['HS256'], allowedIss: TOKEN_ISSUER },
  });

  /** Verifies signature, expiry, type and shape; maps every failure onto a coded 401. */
  function verify(
    token: string,
    expected: TokenType,
  ): RelayUser & { jti?: string; fam?: string; exp?: number } {
    let claims: Partial<TokenClaims>;
    try {
      claims = app.jwt.verify<Partial<TokenClaims>>(token);
    } catch (e: unknown) {
      const code = (e as { code?: string }).code;
      if (expected === 'refresh') throw new RelayErrors.authRefreshInvalid();
      throw code === 'FAST_JWT_EXPIRED' ? new RelayErrors.authExpired() : new RelayErrors.authInvalid();
    }
    if (claims.typ !== expected) {
      throw new RelayErrors.authWrongTokenType(
        expected,
        typeof claims.typ === 'string' ? claims.typ : 'unknown',
      );
    }
    const invalid = expected === 'refresh' ? RelayErrors.authRefreshInvalid : RelayErrors.authInvalid;
    if (
      typeof claims.sub !== 'string' ||
      typeof claims.name !== 'string' ||
      typeof claims.partnerId !== 'string' ||
      !ROLES.includes(claims.role as Role) ||
      !partners.has(claims.partnerId)
    ) {
      throw new invalid();
    }
    return {
      sub: claims.sub,
      name: claims.name,
      role: claims.role as Role,
      partnerId: claims.partnerId,
      ...(claims.jti ? { jti: claims.jti } : {}),
      ...(claims.fam ? { fam: claims.fam } : {}),
      ...(claims.exp ? { exp: claims.exp } : {}),
    };
  }

  function userOf(user: RelayUser): RelayUser {
    return { sub: user.sub, name: user.name, role: user.role, partnerId: user.partnerId };
  }

  /** `family`: the sign-in an access token belongs to, so revoking the sign-in refuses it too. */
  function signAccess(user: RelayUser, family?: string): string {
    return app.jwt.sign({ ...userOf(user), typ: 'access', ...(family ? { fam: family } : {}) });
  }

  function pair(user: RelayUser, family: string): TokenPair {
    const refreshToken = app.jwt.sign(
      { ...userOf(user), typ: 'refresh', jti: randomUUID(), fam: family },
      { expiresIn: config.jwt.refreshTtlSeconds },
    );
    return {
      accessToken: signAccess(user, family),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: config.jwt.ttlSeconds,
      refreshExpiresIn: config.jwt.refreshTtlSeconds,
      user: userOf(user),
    };
  }

  app.decorate('issueAccessToken', async (user: RelayUser) => signAccess(user));
  app.decorate('issueTokenPair', async (user: RelayUser) => pair(user, randomUUID()));
  app.decorate('rotateRefreshToken', async (refreshToken: string) => {
    const claims = verify(refreshToken, 'refresh');
    if (!claims.jti || !claims.fam || !claims.exp) throw new RelayErrors.authRefreshInvalid();
    const outcome = refreshStore.consume(claims.jti, claims.fam, claims.exp * 1000);
    if (outcome === 'reused') {
      app.log.warn({ sub: claims.sub, partnerId: claims.partnerId }, 'refresh token reused: sign-in revoked');
    }
    if (outcome !== 'ok') throw new RelayErrors.authRefreshReused();
    return pair(claims, claims.fam);
  });

  app.decorateRequest('tokenFamily', undefined);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    let token = bearerOf(request);
    if (!token && isWebSocketUpgrade(request)) {
      // Browsers cannot set headers on WebSocket upgrades; the logged URL never includes the query.
      const query = request.query as Record<string, unknown> | undefined;
      const value = query?.['access_token'];
      if (typeof value === 'string' && value !== '') token = value;
    }
    if (!token) throw new RelayErrors.authMissing();
    const claims = verify(token, 'access');
    // A reused refresh token revokes the whole sign-in, its access tokens included.
    if (claims.fam && refreshStore.isRevoked(claims.fam)) throw new RelayErrors.authRefreshReused();
    request.user = userOf(claims);
    request.tokenFamily = claims.fam;
  });
  app.decorate('isSignInRevoked', (family: string) => refreshStore.isRevoked(family));
  // The same checks as `authenticate`, for tokens that arrive inside a WebSocket (`hello`).
  app.decorate('verifyAccessToken', (token: string) => {
    try {
      const claims = verify(token, 'access');
      if (claims.fam && refreshStore.isRevoked(claims.fam)) return undefined;
      return { user: userOf(claims), ...(claims.fam ? { family: claims.fam } : {}) };
    } catch {
      return undefined;
    }
  });

  const keys = config.partners.flatMap((partner) =>
    partner.apiKeys.map((key) => ({
      digest: digest(key),
      partner,
      isDefault: key === DEFAULT_LOCAL_API_KEY,
    })),
  );
  app.decorate('authenticatePartnerKey', async (request: FastifyRequest) => {
    const header = request.headers[RELAY_KEY_HEADER];
    const candidate = (typeof header === 'string' && header.trim()) || bearerOf(request);
    if (!candidate) throw new RelayErrors.authKeyMissing();
    const given = digest(candidate);
    let match: { partner: PartnerConfig; isDefault: boolean } | undefined;
    // Compare against every key, without early exit: timing reveals neither which key nor how close.
    for (const k of keys) {
      if (timingSafeEqual(k.digest, given) && !match) match = k;
    }
    if (!match) throw new RelayErrors.authKeyInvalid();
    if (match.isDefault && (config.mode !== 'local' || !isLoopbackRequest(request))) {
      throw new RelayErrors.authKeyNotLoopback();
    }
    request.user = {
      sub: `key:${match.partner.id}`,
      name: `${match.partner.name} (API key)`,
      role: 'developer',
      partnerId: match.partner.id,
    };
  });

  await app.register(authRoutes);
  if (config.mode === 'oidc') {
    await app.register(oidcPlugin);
  } else {
    for (const path of [OIDC_LOGIN_PATH, OIDC_CALLBACK_PATH]) {
      app.get(path, { schema: { hide: true } }, async () => {
        throw new RelayErrors.authOidcDisabled();
      });
    }
  }
}

/** Relay JWTs, partner API keys and the sign-in routes. Needs `app.relayConfig`. */
export const authPlugin = fp(auth, {
  name: 'relay-auth',
  fastify: '5.x',
  decorators: { fastify: ['relayConfig'] },
});
