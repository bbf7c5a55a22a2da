/**
 * Contracts between the relay's plugins. Each plugin implements one side; tests build the app with the
 * real plugins (no fakes inside the relay).
 */
import type {} from '@fastify/jwt';
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { RelayConfig } from './config/types.ts';
import type { RelayLifecycle } from './plugins/lifecycle.ts';
import type { RelayMetrics } from './plugins/metrics.ts';

/** Roles: developers act within their partner; admins may use production upstreams and see all sessions. */
export type Role = 'developer' | 'admin';

/** Who is calling, from a verified relay JWT (or a partner API key, for the pass-through). */
export interface RelayUser {
  /** Stable subject (OIDC `sub`, `local:<name>` in local mode, `key:<partner>` for API keys). */
  sub: string;
  /** Display name shown to teammates. */
  name: string;
  role: Role;
  /** Avvance partner the user acts for. */
  partnerId: string;
}

/** Tokens handed out by sign-in and refresh (`POST /v1/auth/local`, `/v1/auth/refresh`, OIDC callback). */
export interface TokenPair {
  /** HS256 relay JWT, `typ: 'access'`. Send as `Authorization: Bearer`. */
  accessToken: string;
  /** HS256 relay JWT, `typ: 'refresh'`; single use (rotated by `POST /v1/auth/refresh`). */
  refreshToken: string;
  tokenType: 'Bearer';
  /** Access-token lifetime, seconds. */
  expiresIn: number;
  /** Refresh-token lifetime, seconds. */
  refreshExpiresIn: number;
  user: RelayUser;
}

/** Summary of a team session. */
export interface SessionInfo {
  id: string;
  partnerId: string;
  name: string;
  /** `<publicUrl>/s/<id>`: opens the web viewer; teammates paste it into their panel to join. */
  shareUrl: string;
  createdBy: string;
  createdAt: string;
  /** Sequence number of the newest event (0 when none). */
  head: number;
  members: number;
}

/** Publishes exchanges into team sessions (implemented by relay/src/sessions/). */
export interface SessionPublisher {
  /**
   * Masks the exchange again (defence in depth), assigns the next sequence number and broadcasts it to the
   * session's subscribers. Creates the partner's named session (e.g. `default`) when it does not exist.
   * Returns the event's sequence number, or `undefined` when the session belongs to another partner.
   */
  publish(partnerId: string, sessionId: string, exchange: Exchange, sentBy: RelayUser): number | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolved configuration (relay/src/config). */
    relayConfig: RelayConfig;
    /** Verifies the relay JWT (`Authorization: Bearer`, or `access_token` on WebSocket upgrades); sets `request.user`. */
    authenticate: preHandlerAsyncHookHandler;
    /** Verifies a partner API key (pass-through callers); sets `request.user` with the partner's identity. */
    authenticatePartnerKey: preHandlerAsyncHookHandler;
    /** Mints a relay access token for a user (login, local mode, tests). */
    issueAccessToken(user: RelayUser): Promise<string>;
    /** Team sessions (relay/src/sessions). */
    sessions: SessionPublisher;
    /** Mints an access + refresh token pair for a new sign-in (relay/src/plugins/auth.ts). */
    issueTokenPair(user: RelayUser): Promise<TokenPair>;
    /**
     * Redeems a refresh token once for a new pair (rotation); a reused token revokes its whole sign-in.
     * Throws `RELAY_ERR_AUTH_REFRESH_*` (401).
     */
    rotateRefreshToken(refreshToken: string): Promise<TokenPair>;
    /** Whether the sign-in `family` was revoked (a refresh token of it was reused): its tokens are refused. */
    isSignInRevoked(family: string): boolean;
    /**
     * Checks an access token as `authenticate` does (signature, expiry, type, claims, revoked sign-in);
     * `undefined` when refused. For tokens presented inside a WebSocket (`hello`).
     */
    verifyAccessToken(token: string): { user: RelayUser; family?: string } | undefined;
    /** prom-client metrics in a per-app registry (relay/src/plugins/metrics.ts). */
    metrics: RelayMetrics;
    /** Draining state for readiness and shutdown (relay/src/plugins/lifecycle.ts). */
    lifecycle: RelayLifecycle;
  }
  interface FastifyRequest {
    /** Sign-in family of the access token `authenticate` accepted (open WebSockets are re-checked with it). */
    tokenFamily?: string | undefined;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    /** `jti`/`fam` (token id, sign-in family) are set on refresh tokens only. */
    payload: RelayUser & { typ: 'access' | 'refresh'; jti?: string; fam?: string };
    user: RelayUser;
  }
}
