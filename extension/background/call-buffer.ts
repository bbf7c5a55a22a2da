import type { Exchange } from '../../shared/src/model/exchange.ts';
import { utf8ByteLength } from '../../shared/src/util/utf8.ts';

/** Most calls kept per tab by background capture; the oldest are dropped first. */
export const MAX_BUFFERED_CALLS_PER_TAB = 200;

/** Most bytes (UTF-8 of the masked JSON) kept per tab; the oldest calls are dropped first. */
export const MAX_BUFFERED_BYTES_PER_TAB = 2 * 1024 * 1024;

/** What a tab's buffer holds: masked calls, oldest first, and how many were dropped to stay bounded. */
export interface TabBufferSnapshot {
  calls: Exchange[];
  dropped: number;
}

/** Options of {@link TabCallBuffer}. */
export interface TabCallBufferOptions {
  /** Defaults to {@link MAX_BUFFERED_CALLS_PER_TAB}. */
  maxCalls?: number;
  /** Defaults to {@link MAX_BUFFERED_BYTES_PER_TAB}. */
  maxBytes?: number;
}

interface Entry {
  call: Exchange;
  bytes: number;
}

interface TabState {
  entries: Entry[];
  bytes: number;
  dropped: number;
}

/**
 * Bounded per-tab buffer of background-captured calls. It only ever holds **masked** exchanges (the
 * caller masks on arrival; `add` refuses unmasked ones), so nothing it holds — nor what is persisted
 * from it to `storage.session` — contains raw PII.
 */
export class TabCallBuffer {
  readonly #maxCalls: number;
  readonly #maxBytes: number;
  readonly #tabs = new Map<number, TabState>();

  constructor(options: TabCallBufferOptions = {}) {
    this.#maxCalls = options.maxCalls ?? MAX_BUFFERED_CALLS_PER_TAB;
    this.#maxBytes = options.maxBytes ?? MAX_BUFFERED_BYTES_PER_TAB;
    if (!Number.isInteger(this.#maxCalls) || this.#maxCalls < 1)
      throw new RangeError(`maxCalls must be a positive integer, got ${this.#maxCalls}`);
    if (!(this.#maxBytes > 0)) throw new RangeError(`maxBytes must be positive, got ${this.#maxBytes}`);
  }

  /**
   * Appends a masked call to `tabId`'s buffer, dropping the oldest calls beyond the caps (a call larger
   * than the byte cap on its own is dropped and counted). Throws on an unmasked exchange.
   */
  add(tabId: number, call: Exchange): void {
    if (!call.masked) throw new Error('TabCallBuffer holds masked exchanges only');
    const tab = this.#tab(tabId);
    const bytes = utf8ByteLength(JSON.stringify(call));
    tab.entries.push({ call, bytes });
    tab.bytes += bytes;
    while (tab.entries.length > this.#maxCalls || (tab.bytes > this.#maxBytes && tab.entries.length > 0)) {
      const gone = tab.entries.shift()!;
      tab.bytes -= gone.bytes;
      tab.dropped++;
    }
  }

  /** The tab's calls (oldest first) and dropped count; empty for an unknown tab. */
  snapshot(tabId: number): TabBufferSnapshot {
    const tab = this.#tabs.get(tabId);
    return tab ? { calls: tab.entries.map((e) => e.call), dropped: tab.dropped } : { calls: [], dropped: 0 };
  }

  /** Forgets a tab (it closed). */
  clearTab(tabId: number): void {
    this.#tabs.delete(tabId);
  }

  /** Tabs that have a buffer. */
  tabIds(): number[] {
    return [...this.#tabs.keys()];
  }

  /** Replaces a tab's buffer with a stored snapshot (after a service-worker restart), re-applying the caps. */
  restore(tabId: number, snapshot: TabBufferSnapshot): void {
    this.#tabs.delete(tabId);
    for (const call of snapshot.calls) if (call.masked) this.add(tabId, call);
    this.#tab(tabId).dropped += snapshot.dropped;
  }

  #tab(tabId: number): TabState {
    let tab = this.#tabs.get(tabId);
    if (!tab) {
      tab = { entries: [], bytes: 0, dropped: 0 };
      this.#tabs.set(tabId, tab);
    }
    return tab;
  }
}
