import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RelayUser } from '../types.ts';
import { SessionErrors } from './errors.ts';
import type { SessionHub } from './hub.ts';
import type { Session } from './session.ts';

/** The authenticated user of a request (set by `app.authenticate`). */
export function userOf(request: FastifyRequest): RelayUser {
  return request.user as RelayUser;
}

/**
 * With a shared backplane, brings `:id` (a session created on another instance, or the partner's default
 * session) into this instance's memory so {@link sessionFor} finds it. A no-op in memory mode.
 */
export async function prepareSession(
  app: FastifyInstance,
  hub: SessionHub,
  user: RelayUser,
  id: string,
): Promise<void> {
  if (!hub.backplane.shared) return;
  const partner = app.relayConfig.partners.find((p) => p.id === user.partnerId);
  await hub.prepare(id, user.partnerId, partner?.defaultSession ?? 'default');
}

/**
 * Resolves `:id` for a user: a session id, or the name of the user's partner's default session (then
 * created on demand). Throws the coded 404/403 errors.
 */
export function sessionFor(app: FastifyInstance, hub: SessionHub, user: RelayUser, id: string): Session {
  let session = hub.get(id);
  if (!session && user.partnerId !== '') {
    const partner = app.relayConfig.partners.find((p) => p.id === user.partnerId);
    const defaultName = partner?.defaultSession ?? 'default';
    if (id === defaultName) session = hub.named(user.partnerId, defaultName);
  }
  if (!session) throw new SessionErrors.notFound(id);
  if (!session.canAccess(user)) throw new SessionErrors.forbidden();
  return session;
}
