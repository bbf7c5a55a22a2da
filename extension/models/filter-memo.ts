import { type Filter, type FilterTarget, TextFilter } from '../../shared/src/filter/index.ts';
import type { CapturedExchange } from './capture-model.ts';

/** Per-call state of one term in a {@link FilterMemo} table. */
const UNKNOWN = 0;
const MATCH = 1;
const MISS = 2;

/** Term tables kept per list; the least recently used beyond this are forgotten. */
export const MAX_MEMO_TERMS = 32;

interface TermTable {
  filter: Filter;
  /** One {@link UNKNOWN}/{@link MATCH}/{@link MISS} per listed call, filled lazily. */
  states: Uint8Array;
}

/**
 * Filters the listed calls with a parsed filter, remembering each term's answer per call. Terms are
 * ANDed (the filter language's contract), so a keystroke that edits one term re-evaluates only that term,
 * and only on calls every other term already accepts; unchanged terms cost one typed-array read per call.
 * A free-text term that extends a remembered one (`mar` → `mari`) starts from its misses. Everything is
 * forgotten when the list or the flow membership changes (table index = position in the list).
 */
export class FilterMemo {
  private entries: readonly CapturedExchange[] | undefined;
  private membership: ReadonlyMap<string, string> | undefined;
  private targets: (FilterTarget | undefined)[] = [];
  private readonly targetOf = new WeakMap<CapturedExchange, FilterTarget>();
  /** Insertion order = recency (a used key is re-inserted). */
  private tables = new Map<string, TermTable>();

  /** The calls of `entries` that pass every one of `filters` (parsed from `text`), in list order. */
  filter(
    entries: readonly CapturedExchange[],
    membership: ReadonlyMap<string, string>,
    filters: readonly Filter[],
    text: string,
  ): CapturedExchange[] {
    if (entries !== this.entries || membership !== this.membership) {
      this.entries = entries;
      this.membership = membership;
      this.targets = new Array(entries.length);
      this.tables.clear();
    }
    const terms = filters.map((f) => this.tableFor(f, text, entries.length));
    this.trim(terms);
    const k = terms.length;
    const states = terms.map((t) => t.states);
    const out: CapturedExchange[] = [];
    for (let i = 0; i < entries.length; i++) {
      let pass = true;
      // A remembered miss anywhere decides without running a predicate.
      for (let j = 0; j < k; j++) {
        if (states[j]![i] === MISS) {
          pass = false;
          break;
        }
      }
      if (!pass) continue;
      for (let j = 0; j < k; j++) {
        const s = states[j]!;
        if (s[i] === UNKNOWN) s[i] = terms[j]!.filter.matches(this.target(i)) ? MATCH : MISS;
        if (s[i] === MISS) {
          pass = false;
          break;
        }
      }
      if (pass) out.push(entries[i]!);
    }
    return out;
  }

  private target(i: number): FilterTarget {
    let t = this.targets[i];
    if (t === undefined) {
      const e = this.entries![i]!;
      const flowId = this.membership!.get(e.id);
      // Reused across list changes (live arrivals) while the call stays in the same flow.
      t = this.targetOf.get(e);
      if (t === undefined || t.flowId !== flowId) {
        t =
          flowId === undefined
            ? { exchange: e.masked, searchIndex: e.searchIndex }
            : { exchange: e.masked, searchIndex: e.searchIndex, flowId };
        this.targetOf.set(e, t);
      }
      this.targets[i] = t;
    }
    return t;
  }

  private tableFor(filter: Filter, text: string, n: number): TermTable {
    // The term's own text fixes its meaning; describe() guards against two kinds sharing a spelling.
    const key = `${text.slice(filter.from, filter.to)}\u0000${filter.describe()}`;
    let table = this.tables.get(key);
    if (table) this.tables.delete(key);
    else table = { filter, states: this.seed(filter, n) };
    this.tables.set(key, table);
    return table;
  }

  /** A text term misses wherever a remembered text term contained in it missed. */
  private seed(filter: Filter, n: number): Uint8Array {
    const states = new Uint8Array(n);
    if (!(filter instanceof TextFilter)) return states;
    let best: TermTable | undefined;
    for (const t of this.tables.values()) {
      const f = t.filter;
      if (f instanceof TextFilter && filter.needle.includes(f.needle)) {
        if (!best || f.needle.length > (best.filter as TextFilter).needle.length) best = t;
      }
    }
    if (best) {
      const from = best.states;
      for (let i = 0; i < n; i++) if (from[i] === MISS) states[i] = MISS;
    }
    return states;
  }

  private trim(inUse: readonly TermTable[]): void {
    for (const [key, table] of this.tables) {
      if (this.tables.size <= MAX_MEMO_TERMS) return;
      if (!inUse.includes(table)) this.tables.delete(key);
    }
  }
}
