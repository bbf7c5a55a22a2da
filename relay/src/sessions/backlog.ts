/** One retained event: its sequence number and its encoded `event` frame. */
export interface BacklogEntry {
  seq: number;
  /** The `event` frame as UTF-8 bytes, encoded once and shared by every subscriber and the backlog. */
  frame: Buffer;
}

/** Limits of a {@link Backlog}. */
export interface BacklogLimits {
  /** Most events kept. Must be ≥ 1. */
  maxEvents: number;
  /** Most frame bytes kept (UTF-8). The newest event is always kept, even when larger. */
  maxBytes: number;
}

/**
 * The latest events of one session, bounded by count and by bytes (oldest evicted first), for resume.
 * A ring of entries in `seq` order; memory only.
 */
export class Backlog {
  readonly #limits: BacklogLimits;
  #entries: BacklogEntry[] = [];
  #start = 0;
  #bytes = 0;

  constructor(limits: BacklogLimits) {
    if (!Number.isInteger(limits.maxEvents) || limits.maxEvents < 1)
      throw new RangeError('backlog maxEvents must be an integer ≥ 1');
    if (!Number.isFinite(limits.maxBytes) || limits.maxBytes < 1)
      throw new RangeError('backlog maxBytes must be ≥ 1');
    this.#limits = limits;
  }

  /** Number of retained events. */
  get size(): number {
    return this.#entries.length - this.#start;
  }

  /** Retained bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  /** `seq` of the oldest retained event, or `undefined` when empty. */
  get oldest(): number | undefined {
    return this.#entries[this.#start]?.seq;
  }

  /** Appends the newest event and evicts the oldest ones beyond the limits. */
  push(entry: BacklogEntry): void {
    this.#entries.push(entry);
    this.#bytes += entry.frame.byteLength;
    while (this.size > 1 && (this.size > this.#limits.maxEvents || this.#bytes > this.#limits.maxBytes)) {
      const evicted = this.#entries[this.#start]!;
      this.#bytes -= evicted.frame.byteLength;
      this.#start += 1;
    }
    // Compact lazily so eviction stays O(1) amortised.
    if (this.#start > 1024 && this.#start * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#start);
      this.#start = 0;
    }
  }

  /** Retained events with `seq > after`, oldest first. */
  since(after: number): BacklogEntry[] {
    const out: BacklogEntry[] = [];
    for (let i = this.#start; i < this.#entries.length; i++) {
      const e = this.#entries[i]!;
      if (e.seq > after) out.push(e);
    }
    return out;
  }
}
