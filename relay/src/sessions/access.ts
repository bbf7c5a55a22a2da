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
