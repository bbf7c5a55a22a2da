/** A token as the upstream issued it. */
export interface IssuedToken {
  accessToken: string;
  /** Lifetime in seconds (Avvance sends `"899"`). */
  expiresInSeconds: number;
}

/** Options of {@link TokenCache}. */
export interface TokenCacheOptions {
  /** Clock in epoch ms. Defaults to `Date.now`. */
  now?: () => number;
  /** A token is used until this many ms before it expires. Defaults to 60 000 (Avvance's guidance). */
  refreshMarginMs?: number;
}

interface Entry {
  token: string;
  /** Epoch ms after which the token is no longer handed out. */
  usableUntil: number;
}

/**
 * Partner tokens per `(environment, partner)` key: cached until `refreshMarginMs` before expiry, and
 * single-flight (concurrent callers share one token request; a failed request is not cached). Tokens
 * live in memory only and are never logged.
 */
export class TokenCache {
  readonly #now: () => number;
  readonly #margin: number;
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<string>>();

  constructor(opts: TokenCacheOptions = {}) {
    this.#now = opts.now ?? Date.now;
    this.#margin = opts.refreshMarginMs ?? 60_000;
    if (!Number.isFinite(this.#margin) || this.#margin < 0)
      throw new TypeError('refreshMarginMs must be ≥ 0');
  }

  /** A usable token for `key`, fetching one with `fetchToken` when none is cached (one fetch at a time). */
  get(key: string, fetchToken: () => Promise<IssuedToken>): Promise<string> {
    const entry = this.#entries.get(key);
    if (entry && entry.usableUntil > this.#now()) return Promise.resolve(entry.token);
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const started = this.#now();
    const request = fetchToken()
      .then((issued) => {
        const usableUntil = started + issued.expiresInSeconds * 1000 - this.#margin;
        if (usableUntil > this.#now()) this.#entries.set(key, { token: issued.accessToken, usableUntil });
        return issued.accessToken;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, request);
    return request;
  }

  /**
   * Forgets `key`'s token after the upstream refused it (401). With `token`, only if it is still the cached
   * one, so that a token refreshed meanwhile by another caller is kept.
   */
  invalidate(key: string, token?: string): void {
    const entry = this.#entries.get(key);
    if (entry && (token === undefined || entry.token === token)) this.#entries.delete(key);
  }

  /** Forgets every token. */
  clear(): void {
    this.#entries.clear();
  }
}
