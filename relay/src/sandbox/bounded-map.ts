import type { Clock } from './clock.ts';

/** Options of {@link BoundedMap}. */
export interface BoundedMapOptions<K, V> {
  /** Most entries kept; inserting beyond it evicts the oldest. */
  cap: number;
  /** Lifetime of an entry after its last write, ms. `Infinity` keeps entries until evicted. */
  ttlMs: number;
  clock: Clock;
  /** Called when an entry leaves by eviction or expiry (not by `delete`). */
  onEvict?: (key: K, value: V) => void;
}

/**
 * An in-memory map with a hard cap (oldest write evicted first) and a TTL checked lazily on read: the
 * sandbox keeps nothing on disk and never grows without bound.
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, { value: V; expiresAt: number }>();
  readonly #opts: BoundedMapOptions<K, V>;

  constructor(opts: BoundedMapOptions<K, V>) {
    this.#opts = opts;
  }

  /** Live entries (expired ones are dropped as they are met). */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#opts.clock.now()) {
      this.#entries.delete(key);
      this.#opts.onEvict?.(key, entry.value);
      return undefined;
    }
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** Inserts or replaces `key` (moving it to the newest position) and refreshes its TTL. */
  set(key: K, value: V): this {
    this.#entries.delete(key);
    while (this.#entries.size >= this.#opts.cap) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      const evicted = this.#entries.get(oldest.value)!;
      this.#entries.delete(oldest.value);
      this.#opts.onEvict?.(oldest.value, evicted.value);
    }
    this.#entries.set(key, { value, expiresAt: this.#opts.clock.now() + this.#opts.ttlMs });
    return this;
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  /** Live values, oldest write first. */
  values(): V[] {
    this.#sweep();
    return [...this.#entries.values()].map((e) => e.value);
  }

  clear(): void {
    this.#entries.clear();
  }

  #sweep(): void {
    const now = this.#opts.clock.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(key);
        this.#opts.onEvict?.(key, entry.value);
      }
    }
  }
}
