/**
 * Contracts between the relay's plugins. Each plugin implements one side; tests build the app with the
 * real plugins (no fakes inside the relay).
 */
import type {} from '@fastify/jwt';
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { RelayConfig } from './config/types.ts';

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
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: RelayUser & { typ: 'access' | 'refresh' };
    user: RelayUser;
  }
}
