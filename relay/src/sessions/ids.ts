import { createHmac, randomBytes } from 'node:crypto';

/**
 * A new unguessable session id: `S` + 128 random bits in base64url (23 characters). The prefix keeps the
 * first character alphanumeric, as the protocol's session-id pattern requires.
 */
export function newSessionId(): string {
  return `S${randomBytes(16).toString('base64url')}`;
}

/**
 * Id of a partner's named session (e.g. `default`): stable for a given key, so a relay restarted with the
 * same JWT secret keeps the id (clients then see a new epoch) while nobody without the key can guess it.
 * `N` + 128 bits of HMAC-SHA256 in base64url (23 characters).
 */
export function namedSessionId(key: string, partnerId: string, name: string): string {
  const mac = createHmac('sha256', key).update(`${partnerId}\u0000${name}`).digest();
  return `N${mac.subarray(0, 16).toString('base64url')}`;
}

/** A new epoch: `e-` + 64 random bits in base64url. */
export function newEpoch(): string {
  return `e-${randomBytes(8).toString('base64url')}`;
}

/** A new connection id: `c-` + 64 random bits in base64url. */
export function newConnectionId(): string {
  return `c-${randomBytes(8).toString('base64url')}`;
}

/** A new per-session mask salt (never leaves the relay). */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}
