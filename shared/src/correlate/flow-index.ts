import type { Exchange } from '../model/exchange.ts';
import type { ApplicationState, CorrelationKey, CorrelationKind, Flow } from '../model/flow.ts';
import { extractKeys } from './extract-keys.ts';
import {
  exchangeLabelAt,
  expectedNextOf,
  KIND_RANK,
  keyLabel,
  strongestKey,
  WEAK_LABEL_RANK,
} from './flow-label.ts';
import { isUuid } from './id-keys.ts';
import { observeStateAt } from './observe-state.ts';
import { UrlCache, type UrlParts } from './parse-url.ts';
import { canAdvance } from './states.ts';

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

/** Small integer per key kind: indexes {@link FlowIndex}'s per-kind node maps and {@link FlowRecord.kinds}. */
const KIND_INDEX: Readonly<Record<CorrelationKind, number>> = {
  applicationGUID: 0,
  partnerSessionId: 1,
  preApprovalRequestId: 2,
  paymentTransactionId: 3,
  traceId: 4,
  correlationId: 5,
  requestId: 6,
};
const APPLICATION_KINDS = (1 << KIND_INDEX.applicationGUID) | (1 << KIND_INDEX.partnerSessionId);
const PRE_APPROVAL_KINDS = 1 << KIND_INDEX.preApprovalRequestId;
/** Entries of `FlowIndex.#values` are node × ENTRY + flags: kind bits, and UUID_ENTRY for UUID nodes. */
const ENTRY = 256;
const UUID_ENTRY = 128;
const INITIAL_NODES = 1024;

interface FlowRecord {
  flow: Flow;
  /** Kinds of `flow.keys`, one bit per {@link KIND_INDEX}. */
  kinds: number;
  /** Latest observation per exchange; `null` until the first (most flows never report a state). */
  observations: Map<string, Observation> | null;
  last: Observation | null;
  labelRank: number;
  /** Exchange ids; sorted by add order lazily, when `flow.exchangeIds` is read after a merge. */
  ids: string[];
  unordered: boolean;
  /** `flow.exchangeIds` is the sorting getter (installed at the first merge; before, it is `ids` itself). */
  sortsOnRead: boolean;
  /** State and {@link APPLICATION_KINDS}/{@link PRE_APPROVAL_KINDS} bits `flow.expectedNext` was made for. */
  nextState: ApplicationState | null;
  nextKinds: number;
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
 *
 * Nodes (exchanges and join keys, see {@link joinNodeOf}) are interned to integers, so the union-find
 * runs on number arrays instead of string-keyed maps (issue 8, benchmark 4).
 */
export class FlowIndex {
  /** Union-find parent of each node; a root holds minus its component's size. */
  #parent = new Int32Array(INITIAL_NODES);
  /** Per exchange node: add order × 2 + 1 when its response is an error; -1 for keys and `replayOf`-only ids. */
  #seq = new Int32Array(INITIAL_NODES);
  #nodeCount = 0;
  /** Flow record of each component, at its root. */
  #records: (FlowRecord | undefined)[] = [];
  #exchangeNodes = new Map<string, number>();
  /** Key value → node × {@link ENTRY} + kind bits (+ {@link UUID_ENTRY}): one lookup per key and add. */
  #values = new Map<string, number>();
  /** Nodes of non-UUID values also seen under a second kind (they join within their kind only). */
  #otherKinds = new Map<string, number>();
  /** Set by {@link #keyNode}: the key (kind and exact value) was never seen before. */
  #fresh = false;
  /** Flows by id: built at the first `get` (most users never call it), then kept up to date. */
  #byId: Map<string, FlowRecord> | null = null;
  #flowCount = 0;
  #added = 0;
  /** Scratch of `add`: node of the exchange, its keys (`~node` when fresh) and its `replayOf`. */
  #nodes: number[] = [];
  /** Scratch of `add`: the flows it joins. */
  #before: FlowRecord[] = [];
  #urls = new UrlCache();

  /** Number of flows. */
  get size(): number {
    return this.#flowCount;
  }

  /** Adds (or updates) an exchange and returns the flow it now belongs to. */
  add(exchange: Exchange): FlowUpdate {
    const url = this.#urls.parse(exchange.request.url);
    const keys = extractKeys(exchange, url);
    const self = this.#exchangeNode(exchange.id);
    // A key never seen before is new to the survivor too: a key's node lives in exactly one component,
    // and that component's record holds the key. So no per-flow set of keys is needed.
    const nodes = this.#nodes;
    nodes.length = 0;
    nodes.push(self);
    for (const key of keys) {
      const node = this.#keyNode(key.kind, key.value);
      nodes.push(this.#fresh ? ~node : node);
    }
    if (exchange.replayOf !== undefined) nodes.push(this.#exchangeNode(exchange.replayOf));

    // Collect the flows the nodes belong to (in node order) while joining the nodes into one component.
    const before = this.#before;
    before.length = 0;
    let root = self;
    for (const n of nodes) {
      const r = this.#find(n < 0 ? ~n : n);
      const found = this.#records[r];
      if (found !== undefined) {
        before.push(found);
        this.#records[r] = undefined;
      }
      root = this.#union(root, r);
    }

    const created = before.length === 0;
    const rec = created ? this.#found(exchange, keys, url) : pickSurvivor(before);
    const stateBefore = rec.flow.state;
    const merged: string[] = [];
    for (const other of before) {
      if (other === rec) continue;
      this.#absorb(rec, other);
      merged.push(other.flow.id);
    }
    if (merged.length > 0) this.#refold(rec);
    this.#records[root] = rec;

    for (let i = 0; i < keys.length; i++) {
      if (nodes[i + 1]! >= 0) continue;
      const key = keys[i]!;
      rec.kinds |= 1 << KIND_INDEX[key.kind];
      rec.flow.keys.push(key);
      const rank = KIND_RANK[key.kind];
      if (rank >= rec.labelRank) continue;
      const label = keyLabel(key);
      if (label === null) continue;
      rec.labelRank = rank;
      rec.flow.label = label;
    }
    this.#applyExchange(rec, self, exchange, url);
    this.#updateExpectedNext(rec);
    return { flow: rec.flow, created, merged, stateChanged: stateBefore !== rec.flow.state };
  }

  /** The flow with this id (a live object updated in place by later `add`s; do not mutate it). */
  get(flowId: string): Readonly<Flow> | undefined {
    if (this.#byId === null) {
      this.#byId = new Map();
      for (const rec of this.#records) if (rec !== undefined) this.#byId.set(rec.flow.id, rec);
    }
    return this.#byId.get(flowId)?.flow;
  }

  /** Id of the flow an added exchange belongs to, or `undefined` for an exchange never added. */
  flowOf(exchangeId: string): string | undefined {
    const node = this.#exchangeNodes.get(exchangeId);
    if (node === undefined || this.#seq[node]! < 0) return undefined;
    return this.#records[this.#find(node)]?.flow.id;
  }

  /** All flows, oldest first (by `startedAt`, then id). */
  flows(): Readonly<Flow>[] {
    const flows: Flow[] = [];
    for (const rec of this.#records) if (rec !== undefined) flows.push(rec.flow);
    return flows.sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Forgets every exchange and flow. */
  clear(): void {
    this.#parent = new Int32Array(INITIAL_NODES);
    this.#seq = new Int32Array(INITIAL_NODES);
    this.#nodeCount = 0;
    this.#records = [];
    this.#exchangeNodes.clear();
    this.#values.clear();
    this.#otherKinds.clear();
    this.#urls.clear();
    this.#byId = null;
    this.#flowCount = 0;
    this.#added = 0;
  }

  #newNode(): number {
    const node = this.#nodeCount++;
    if (node === this.#parent.length) {
      const parent = new Int32Array(node * 2);
      parent.set(this.#parent);
      this.#parent = parent;
      const seq = new Int32Array(node * 2);
      seq.set(this.#seq);
      this.#seq = seq;
    }
    this.#parent[node] = -1;
    this.#seq[node] = -1;
    this.#records.push(undefined);
    return node;
  }

  #exchangeNode(exchangeId: string): number {
    let node = this.#exchangeNodes.get(exchangeId);
    if (node === undefined) {
      node = this.#newNode();
      this.#exchangeNodes.set(exchangeId, node);
    }
    return node;
  }

  /**
   * The node of a key (see {@link joinNodeOf}: a UUID joins across kinds and letter cases, other values
   * within their kind), interning it; sets {@link #fresh}.
   */
  #keyNode(kind: CorrelationKind, value: string): number {
    const bit = 1 << KIND_INDEX[kind];
    const entry = this.#values.get(value);
    if (entry === undefined) {
      this.#fresh = true;
      if (!isUuid(value)) {
        const node = this.#newNode();
        this.#values.set(value, node * ENTRY + bit);
        return node;
      }
      const node = this.#uuidNode(value);
      this.#values.set(value, node * ENTRY + UUID_ENTRY + bit);
      return node;
    }
    const flags = entry % ENTRY;
    const node = (entry - flags) / ENTRY;
    this.#fresh = (flags & bit) === 0;
    if (!this.#fresh) return node;
    if ((flags & UUID_ENTRY) !== 0) {
      this.#values.set(value, entry + bit);
      return node;
    }
    return this.#otherKindNode(kind, value);
  }

  /** Node of a UUID seen for the first time in this letter case. */
  #uuidNode(value: string): number {
    const lower = value.toLowerCase();
    if (lower === value) return this.#newNode();
    const entry = this.#values.get(lower);
    if (entry !== undefined) return (entry - (entry % ENTRY)) / ENTRY;
    const node = this.#newNode();
    this.#values.set(lower, node * ENTRY + UUID_ENTRY);
    return node;
  }

  /** Node of a non-UUID value under a kind other than the one it was first seen with (rare). */
  #otherKindNode(kind: CorrelationKind, value: string): number {
    const id = `${kind}\u0000${value}`;
    let node = this.#otherKinds.get(id);
    this.#fresh = node === undefined;
    if (node === undefined) {
      node = this.#newNode();
      this.#otherKinds.set(id, node);
    }
    return node;
  }

  #find(node: number): number {
    const parent = this.#parent;
    let root = node;
    while (parent[root]! >= 0) root = parent[root]!;
    // Path compression keeps later finds near O(1).
    for (let n = node; n !== root; ) {
      const next = parent[n]!;
      parent[n] = root;
      n = next;
    }
    return root;
  }

  /** Joins two components by size (roots hold minus the size); returns the new root. */
  #union(a: number, b: number): number {
    const ra = this.#find(a);
    const rb = this.#find(b);
    if (ra === rb) return ra;
    const parent = this.#parent;
    const big = parent[ra]! <= parent[rb]! ? ra : rb;
    const small = big === ra ? rb : ra;
    parent[big] = parent[big]! + parent[small]!;
    parent[small] = big;
    return big;
  }

  #found(exchange: Exchange, keys: readonly CorrelationKey[], url: UrlParts | null): FlowRecord {
    const founding = strongestKey(keys);
    const id = founding === undefined ? `exchange:${exchange.id}` : `${founding.kind}:${founding.value}`;
    const ids: string[] = [];
    // `exchangeIds` last, where the getter installed at the first merge keeps it (see #absorb).
    const flow: Flow = {
      id,
      label: exchangeLabelAt(exchange, url),
      keys: [],
      state: 'unknown',
      expectedNext: [],
      startedAt: exchange.timings.startedAt,
      lastAt: exchange.timings.startedAt,
      errorCount: 0,
      exchangeIds: ids,
    };
    const rec: FlowRecord = {
      flow,
      kinds: 0,
      observations: null,
      last: null,
      labelRank: WEAK_LABEL_RANK,
      ids,
      unordered: false,
      sortsOnRead: false,
      nextState: null,
      nextKinds: 0,
    };
    this.#byId?.set(id, rec);
    this.#flowCount++;
    return rec;
  }

  /** Moves `other` into `survivor` (O(size of other)); `other` stops existing. The caller refolds. */
  #absorb(survivor: FlowRecord, other: FlowRecord): void {
    const s = survivor.flow;
    const o = other.flow;
    // A loop, not push(...ids): spreading a huge array would overflow the call stack.
    for (const id of other.ids) survivor.ids.push(id);
    // Disjoint: a key belongs to one flow (see add).
    for (const key of o.keys) s.keys.push(key);
    survivor.kinds |= other.kinds;
    if (other.observations !== null) {
      if (survivor.observations === null) survivor.observations = other.observations;
      else for (const [exchangeId, obs] of other.observations) survivor.observations.set(exchangeId, obs);
    }
    s.startedAt = Math.min(s.startedAt, o.startedAt);
    s.lastAt = Math.max(s.lastAt, o.lastAt);
    s.errorCount += o.errorCount;
    if (other.labelRank < survivor.labelRank) {
      survivor.labelRank = other.labelRank;
      s.label = o.label;
    }
    this.#byId?.delete(o.id);
    this.#flowCount--;
    survivor.unordered = true;
    if (!survivor.sortsOnRead) {
      // A getter from now on, so readers always see add order while merges only append (see #orderedIds).
      Object.defineProperty(s, 'exchangeIds', {
        get: () => this.#orderedIds(survivor),
        enumerable: true,
        configurable: true,
      });
      survivor.sortsOnRead = true;
    }
  }

  #applyExchange(rec: FlowRecord, node: number, exchange: Exchange, url: UrlParts | null): void {
    const { flow } = rec;
    const startedAt = exchange.timings.startedAt;
    const response = exchange.response;
    const isError = response !== undefined && (response.error !== undefined || response.status >= 400);
    const known = this.#seq[node]!;
    if (known < 0) {
      this.#seq[node] = this.#added++ * 2 + Number(isError);
      rec.ids.push(exchange.id);
      if (isError) flow.errorCount++;
    } else {
      flow.errorCount += Number(isError) - (known & 1);
      this.#seq[node] = (known & ~1) | Number(isError);
    }
    flow.startedAt = Math.min(flow.startedAt, startedAt);
    flow.lastAt = Math.max(flow.lastAt, startedAt);

    const state = observeStateAt(exchange, url);
    const previous = rec.observations?.get(exchange.id);
    if (state === null) {
      if (previous !== undefined) {
        rec.observations!.delete(exchange.id);
        this.#refold(rec);
      }
      return;
    }
    const obs: Observation = { state, at: startedAt, exchangeId: exchange.id };
    rec.observations ??= new Map();
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
    const sorted = rec.observations === null ? [] : [...rec.observations.values()].sort(compareObs);
    let state: ApplicationState = 'unknown';
    for (const obs of sorted) if (canAdvance(state, obs.state)) state = obs.state;
    rec.flow.state = state;
    rec.last = sorted.at(-1) ?? null;
  }

  /** Recomputes `flow.expectedNext` only when what it depends on changed. */
  #updateExpectedNext(rec: FlowRecord): void {
    const kinds = rec.kinds & (APPLICATION_KINDS | PRE_APPROVAL_KINDS);
    const { state } = rec.flow;
    if (state === rec.nextState && kinds === rec.nextKinds) return;
    rec.flow.expectedNext = expectedNextOf(
      state,
      (kinds & APPLICATION_KINDS) !== 0,
      (kinds & PRE_APPROVAL_KINDS) !== 0,
    );
    rec.nextState = state;
    rec.nextKinds = kinds;
  }

  #orderedIds(rec: FlowRecord): string[] {
    if (rec.unordered) {
      // Sorting on read, not on merge: a bridge into a huge flow stays O(size of the smaller flow).
      const seq = (id: string): number => this.#seq[this.#exchangeNodes.get(id) ?? -1] ?? 0;
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
