import { createHash } from 'node:crypto';

/** Default window in which a repeated delivery is a duplicate: 10 minutes (twice the HMAC tolerance). */
export const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60_000;
/** Most remembered deliveries; the oldest are forgotten first. */
export const MAX_REMEMBERED_DELIVERIES = 10_000;

/**
 * Recognises repeated deliveries (Avvance retries, or a replayed signed request) by a digest of the
 * partner, `Correlation-ID` and the raw body, within a time window. Bounded; memory only.
 */
export class DeliveryDedup {
  readonly #seen = new Map<string, number>();
  readonly #windowMs: number;
  readonly #max: number;

  constructor(windowMs = DEFAULT_DUPLICATE_WINDOW_MS, max = MAX_REMEMBERED_DELIVERIES) {
    this.#windowMs = windowMs;
    this.#max = max;
  }

  /** The delivery's key. Signatures are not part of it: a retry is re-signed with a new timestamp. */
  static key(partnerId: string, correlationId: string | undefined, rawBody: Buffer): string {
    return createHash('sha256')
      .update(`${partnerId}\u0000${correlationId ?? ''}\u0000`)
      .update(rawBody)
      .digest('base64url');
  }

  /** True when `key` was recorded within the window; records it otherwise. */
  check(key: string, nowMs: number): boolean {
    // Entries are in insertion (= time) order: drop the expired ones from the front.
    for (const [k, at] of this.#seen) {
      if (nowMs - at < this.#windowMs) break;
      this.#seen.delete(k);
    }
    const at = this.#seen.get(key);
    if (at !== undefined && nowMs - at < this.#windowMs) return true;
    if (this.#seen.size >= this.#max) this.#seen.delete(this.#seen.keys().next().value!);
    this.#seen.set(key, nowMs);
    return false;
  }
}
