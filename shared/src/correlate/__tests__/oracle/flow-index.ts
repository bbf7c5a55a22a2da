// Frozen copy of shared/src/correlate/flow-index.ts as of 64d3bc1, before the issue 8 (benchmark 4) rewrite:
// the oracle of flow-index.equivalence.test.ts. Do not edit or import elsewhere.
import type { Exchange } from '../../../model/exchange.ts';
import type { ApplicationState, CorrelationKind, Flow } from '../../../model/flow.ts';
import { canAdvance } from '../../states.ts';
import { extractCorrelationKeys } from './extract-keys.ts';
import {
  exchangeLabel,
  expectedNextFor,
  KIND_RANK,
  keyLabel,
  strongestKey,
  WEAK_LABEL_RANK,
} from './flow-label.ts';
import { joinNodeOf } from './id-keys.ts';
import { observeState } from './observe-state.ts';

/** What one {@link FlowIndex.add} did. */
export interface FlowUpdate {
  /** The flow the exchange belongs to now (live object, see {@link FlowIndex.get}). */
  flow: Readonly<Flow>;
  /** The exchange founded a new flow. */
  created: boolean;
  /** Ids of flows absorbed into `flow` because this exchange bridged them; they no longer exist. */
  merged: string[];
  /** `flow.state` changed. */
  stateChanged: boolean;
}

interface Observation {
  state: ApplicationState;
  at: number;
  exchangeId: string;
}

interface ExchangeRecord {
  seq: number;
  isError: boolean;
}

interface FlowRecord {
  flow: Flow;
  keyIds: Set<string>;
  kinds: Set<CorrelationKind>;
  observations: Map<string, Observation>;
  last: Observation | null;
  labelRank: number;
  /** Exchange ids; sorted by add order lazily, when `flow.exchangeIds` is read after a merge. */
  ids: string[];
  unordered: boolean;
}

/**
 * Groups exchanges into journeys by the ids they share (connected components over correlation keys, so
 * the partition does not depend on arrival order). Union-find with path compression; flows merge smaller
 * into larger, so `add` is amortised O(keys of the exchange). `add` is an upsert: re-adding an exchange id
 * (its response arrived) updates it in place.
 *
 * A per-call `Correlation-ID` simply founds a single-exchange flow unless another exchange reuses it;
 * business ids (applicationGUID, partnerSessionId…) do the joining. Replays join their original's flow.
 * Flow state only moves forward along {@link APPLICATION_TRANSITIONS}, folding observations in
 * `timings.startedAt` order, so a late-arriving older webhook cannot move it back.
 */
export class FlowIndex {
  #parent = new Map<string, string>();
  #weight = new Map<string, number>();
  #records = new Map<string, FlowRecord>();
  #byId = new Map<string, FlowRecord>();
  #exchanges = new Map<string, ExchangeRecord>();
  #seq = 0;

  /** Number of flows. */
  get size(): number {
    return this.#byId.size;
  }

  /** Adds (or updates) an exchange and returns the flow it now belongs to. */
  add(exchange: Exchange): FlowUpdate {
    const keys = extractCorrelationKeys(exchange);
    const self = `x:${exchange.id}`;
    const nodes = [self, ...keys.map((k) => `k:${joinNodeOf(k.kind, k.value)}`)];
    if (exchange.replayOf !== undefined) nodes.push(`x:${exchange.replayOf}`);

    const before: FlowRecord[] = [];
    const oldRoots: string[] = [];
    for (const node of nodes) {
      const r = this.#find(node);
      const rec = this.#records.get(r);
      if (rec !== undefined && !before.includes(rec)) {
        before.push(rec);
        oldRoots.push(r);
      }
    }
    let root = self;
    for (const node of nodes) root = this.#union(root, node);
    for (const r of oldRoots) this.#records.delete(r);

    const created = before.length === 0;
    const survivor = created ? this.#found(exchange, keys) : pickSurvivor(before);
    const stateBefore = survivor.flow.state;
    const merged: string[] = [];
    for (const other of before) {
      if (other === survivor) continue;
      this.#absorb(survivor, other);
      merged.push(other.flow.id);
    }
    const rec = survivor;
    this.#records.set(root, rec);

    for (const key of keys) {
      const id = `${key.kind}\u0000${key.value}`;
      if (rec.keyIds.has(id)) continue;
      rec.keyIds.add(id);
      rec.kinds.add(key.kind);
      rec.flow.keys.push(key);
      const label = keyLabel(key);
      if (label !== null && KIND_RANK[key.kind] < rec.labelRank) {
        rec.labelRank = KIND_RANK[key.kind];
        rec.flow.label = label;
      }
    }
    this.#applyExchange(rec, exchange);
    rec.flow.expectedNext = expectedNextFor(rec.flow.state, rec.kinds);
    return { flow: rec.flow, created, merged, stateChanged: stateBefore !== rec.flow.state };
  }

  /** The flow with this id (a live object updated in place by later `add`s; do not mutate it). */
  get(flowId: string): Readonly<Flow> | undefined {
    const rec = this.#byId.get(flowId);
    return rec?.flow;
  }

  /** Id of the flow an added exchange belongs to, or `undefined` for an exchange never added. */
  flowOf(exchangeId: string): string | undefined {
    if (!this.#exchanges.has(exchangeId)) return undefined;
    return this.#records.get(this.#find(`x:${exchangeId}`))?.flow.id;
  }

  /** All flows, oldest first (by `startedAt`, then id). */
  flows(): Readonly<Flow>[] {
    return [...this.#byId.values()]
      .map((rec) => rec.flow)
      .sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Forgets every exchange and flow. */
  clear(): void {
    this.#parent.clear();
    this.#weight.clear();
    this.#records.clear();
    this.#byId.clear();
    this.#exchanges.clear();
    this.#seq = 0;
  }

  #find(node: string): string {
    let root = node;
    for (let p = this.#parent.get(root); p !== undefined && p !== root; p = this.#parent.get(root)) root = p;
    if (!this.#parent.has(node)) {
      this.#parent.set(node, node);
      this.#weight.set(node, 1);
      return node;
    }
    // Path compression keeps later finds near O(1).
    for (let n = node; n !== root; ) {
      const next = this.#parent.get(n)!;
      this.#parent.set(n, root);
      n = next;
    }
    return root;
  }

  #union(a: string, b: string): string {
    const ra = this.#find(a);
    const rb = this.#find(b);
    if (ra === rb) return ra;
    const wa = this.#weight.get(ra)!;
    const wb = this.#weight.get(rb)!;
    const [big, small] = wa >= wb ? [ra, rb] : [rb, ra];
    this.#parent.set(small, big);
    this.#weight.set(big, wa + wb);
    return big;
  }

  #found(exchange: Exchange, keys: ReturnType<typeof extractCorrelationKeys>): FlowRecord {
    const founding = strongestKey(keys);
    const id = founding === undefined ? `exchange:${exchange.id}` : `${founding.kind}:${founding.value}`;
    const flow = {
      id,
      label: exchangeLabel(exchange),
      keys: [],
      state: 'unknown',
      expectedNext: [],
      startedAt: exchange.timings.startedAt,
      lastAt: exchange.timings.startedAt,
      errorCount: 0,
    } as Omit<Flow, 'exchangeIds'> as Flow;
    const rec: FlowRecord = {
      flow,
      keyIds: new Set(),
      kinds: new Set(),
      observations: new Map(),
      last: null,
      labelRank: WEAK_LABEL_RANK,
      ids: [],
      unordered: false,
    };
    // A getter so readers always see add order, while merges only append (see #orderedIds).
    Object.defineProperty(flow, 'exchangeIds', { get: () => this.#orderedIds(rec), enumerable: true });
    this.#byId.set(id, rec);
    return rec;
  }

  /** Moves `other` into `survivor` (O(size of other)); `other` stops existing. */
  #absorb(survivor: FlowRecord, other: FlowRecord): void {
    const s = survivor.flow;
    const o = other.flow;
    // A loop, not push(...ids): spreading a huge array would overflow the call stack.
    for (const id of other.ids) survivor.ids.push(id);
    for (const key of o.keys) {
      const id = `${key.kind}\u0000${key.value}`;
      if (survivor.keyIds.has(id)) continue;
      survivor.keyIds.add(id);
      survivor.kinds.add(key.kind);
      s.keys.push(key);
    }
    for (const [exchangeId, obs] of other.observations) survivor.observations.set(exchangeId, obs);
    s.startedAt = Math.min(s.startedAt, o.startedAt);
    s.lastAt = Math.max(s.lastAt, o.lastAt);
    s.errorCount += o.errorCount;
    if (other.labelRank < survivor.labelRank) {
      survivor.labelRank = other.labelRank;
      s.label = o.label;
    }
    this.#byId.delete(o.id);
    survivor.unordered = true;
    this.#refold(survivor);
  }

  #applyExchange(rec: FlowRecord, exchange: Exchange): void {
    const { flow } = rec;
    const startedAt = exchange.timings.startedAt;
    const response = exchange.response;
    const isError = response !== undefined && (response.error !== undefined || response.status >= 400);
    const known = this.#exchanges.get(exchange.id);
    if (known === undefined) {
      this.#exchanges.set(exchange.id, { seq: this.#seq++, isError });
      rec.ids.push(exchange.id);
      if (isError) flow.errorCount++;
    } else {
      flow.errorCount += Number(isError) - Number(known.isError);
      known.isError = isError;
    }
    flow.startedAt = Math.min(flow.startedAt, startedAt);
    flow.lastAt = Math.max(flow.lastAt, startedAt);

    const state = observeState(exchange);
    const previous = rec.observations.get(exchange.id);
    if (state === null) {
      if (previous !== undefined) {
        rec.observations.delete(exchange.id);
        this.#refold(rec);
      }
      return;
    }
    const obs: Observation = { state, at: startedAt, exchangeId: exchange.id };
    rec.observations.set(exchange.id, obs);
    if (previous === undefined && (rec.last === null || compareObs(obs, rec.last) >= 0)) {
      // Common case: the newest observation; folding just it equals refolding everything.
      if (canAdvance(flow.state, state)) flow.state = state;
      rec.last = obs;
    } else {
      this.#refold(rec);
    }
  }

  #refold(rec: FlowRecord): void {
    const sorted = [...rec.observations.values()].sort(compareObs);
    let state: ApplicationState = 'unknown';
    for (const obs of sorted) if (canAdvance(state, obs.state)) state = obs.state;
    rec.flow.state = state;
    rec.last = sorted.at(-1) ?? null;
  }

  #orderedIds(rec: FlowRecord): string[] {
    if (rec.unordered) {
      // Sorting on read, not on merge: a bridge into a huge flow stays O(size of the smaller flow).
      const seq = (id: string): number => this.#exchanges.get(id)?.seq ?? 0;
      rec.ids.sort((a, b) => seq(a) - seq(b));
      rec.unordered = false;
    }
    return rec.ids;
  }
}

/** The flow that keeps its id in a merge: the largest, then the oldest, then the smallest id. */
function pickSurvivor(records: FlowRecord[]): FlowRecord {
  let best = records[0]!;
  for (const rec of records) {
    const a = rec.flow;
    const b = best.flow;
    const better = rec.ids.length - best.ids.length || b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1);
    if (better > 0) best = rec;
  }
  return best;
}

function compareObs(a: Observation, b: Observation): number {
  return a.at - b.at || (a.exchangeId < b.exchangeId ? -1 : a.exchangeId > b.exchangeId ? 1 : 0);
}
