/**
 * Role-based access: developers act within their partner; admins may use production upstreams and act for
 * any partner (see all sessions).
 */
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { UpstreamEnvironment } from '../config/types.ts';
import { RelayErrors } from '../errors.ts';
import type { RelayUser, Role } from '../types.ts';

/** Whether `user` may call `env`: production environments need the admin role. */
export function canUseEnvironment(user: RelayUser, env: Pick<UpstreamEnvironment, 'production'>): boolean {
  return !env.production || user.role === 'admin';
}

/** Whether `user` may act for `partnerId`: their own partner, or any partner for admins. */
export function canAccessPartner(user: RelayUser, partnerId: string): boolean {
  return user.role === 'admin' || user.partnerId === partnerId;
}

/**
 * preHandler refusing users without `role` (403 `RELAY_ERR_AUTH_FORBIDDEN_ROLE`). Register it after
 * `app.authenticate`: `{ onRequest: app.authenticate, preHandler: requireRole('admin') }`.
 */
export function requireRole(role: Role): preHandlerAsyncHookHandler {
  return async (request) => {
    const user = request.user as RelayUser | undefined;
    if (!user) throw new RelayErrors.authMissing();
    if (role === 'admin' && user.role !== 'admin') throw new RelayErrors.authForbiddenRole(role);
  };
}

/** Throws 403 `RELAY_ERR_AUTH_FORBIDDEN_ENVIRONMENT` unless {@link canUseEnvironment}. */
export function assertCanUseEnvironment(user: RelayUser, env: UpstreamEnvironment): void {
  if (!canUseEnvironment(user, env)) throw new RelayErrors.authForbiddenEnvironment(env.name);
}

/** Throws 403 `RELAY_ERR_AUTH_FORBIDDEN_PARTNER` unless {@link canAccessPartner}. */
export function assertCanAccessPartner(user: RelayUser, partnerId: string): void {
  if (!canAccessPartner(user, partnerId)) throw new RelayErrors.authForbiddenPartner(partnerId);
}
