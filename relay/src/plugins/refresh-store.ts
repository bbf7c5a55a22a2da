/**
 * Refresh-token rotation state, in memory (zero persistent storage): each refresh token (`jti`) may be
 * used once; presenting a used one again revokes its whole sign-in (`fam`), including the newer tokens an
 * attacker or the victim holds. Entries expire with the tokens they track.
 */

/** Largest number of tracked used tokens and revoked families; the oldest are evicted beyond it. */
export const MAX_REFRESH_ENTRIES = 100_000;

/** Outcome of {@link RefreshStore.consume}. */
export type ConsumeResult = 'ok' | 'reused' | 'revoked';

export class RefreshStore {
  readonly #used = new Map<string, number>();
  readonly #revoked = new Map<string, number>();
  readonly #now: () => number;

  /** `now`: epoch ms. Defaults to `Date.now` (fake timers apply). */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Marks `jti` used. `expiresAtMs` bounds how long it is remembered. */
  consume(jti: string, family: string, expiresAtMs: number): ConsumeResult {
    this.#prune();
    if (this.#revoked.has(family)) return 'revoked';
    if (this.#used.has(jti)) {
      this.#remember(this.#revoked, family, expiresAtMs);
      return 'reused';
    }
    this.#remember(this.#used, jti, expiresAtMs);
    return 'ok';
  }

  /** Whether the sign-in `family` was revoked (a refresh token of it was reused). */
  isRevoked(family: string): boolean {
    const expiresAt = this.#revoked.get(family);
    return expiresAt !== undefined && expiresAt > this.#now();
  }

  /** Entries held (tests). */
  get size(): number {
    return this.#used.size + this.#revoked.size;
  }

  #remember(map: Map<string, number>, key: string, expiresAtMs: number): void {
    map.set(key, expiresAtMs);
    if (map.size > MAX_REFRESH_ENTRIES) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
  }

  #prune(): void {
    const now = this.#now();
    for (const map of [this.#used, this.#revoked]) {
      // Insertion order ≈ expiry order (one refresh lifetime for all), so stop at the first live entry.
      for (const [key, expiresAt] of map) {
        if (expiresAt > now) break;
        map.delete(key);
      }
    }
  }
}
