import { randomBytes } from 'node:crypto';
import type { RelayUser } from '../types.ts';

/** Prefix of relay-minted pass-through tokens (never an Avvance token). */
export const PROXY_TOKEN_PREFIX = 'rly_pt_';
/** Lifetime of a relay-minted pass-through token, seconds (Avvance's `"899"`). */
export const PROXY_TOKEN_TTL_SECONDS = 899;
/** Most live pass-through tokens kept; the oldest is forgotten first. */
export const MAX_PROXY_TOKENS = 10_000;

/**
 * Opaque tokens the pass-through hands to a partner backend in answer to its token call, shaped like
 * Avvance's. They identify the partner on later pass-through calls (`Authorization: Bearer rly_pt_…`);
 * the relay then injects the real partner token. In memory, per relay instance.
 */
export class ProxyTokenStore {
  readonly #now: () => number;
  readonly #tokens = new Map<string, { user: RelayUser; expiresAt: number }>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Mints a token for `user`; returns it with its lifetime in seconds. */
  mint(user: RelayUser): { accessToken: string; expiresIn: number } {
    if (this.#tokens.size >= MAX_PROXY_TOKENS) this.#tokens.delete(this.#tokens.keys().next().value!);
    const accessToken = `${PROXY_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(accessToken, { user, expiresAt: this.#now() + PROXY_TOKEN_TTL_SECONDS * 1000 });
    return { accessToken, expiresIn: PROXY_TOKEN_TTL_SECONDS };
  }

  /** The user a live token was minted for. */
  lookup(token: string): RelayUser | undefined {
    const entry = this.#tokens.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#tokens.delete(token);
      return undefined;
    }
    return entry.user;
  }
}
