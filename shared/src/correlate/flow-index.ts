import type { Exchange } from '../model/exchange.ts';
import type { ApplicationState, CorrelationKey, CorrelationKind, Flow } from '../model/flow.ts';
import { extractCorrelationKeys } from './extract-keys.ts';
import {
  exchangeLabel,
  expectedNextOf,
  KIND_RANK,
  keyLabel,
  strongestKey,
  WEAK_LABEL_RANK,
} from './flow-label.ts';
import { isUuid } from './id-keys.ts';
import { observeState } from './observe-state.ts';
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
  // Per node: union-find parent and component size; the flow record of a component sits at its root;
  // add order of an exchange node (-1 for keys and for exchanges only named by a `replayOf`) and whether
  // its response is an error.
  #parent: number[] = [];
  #size: number[] = [];
  #records: (FlowRecord | undefined)[] = [];
  #seq: number[] = [];
  #isError: boolean[] = [];
  #exchangeNodes = new Map<string, number>();
  /** Per kind (by {@link KIND_INDEX}): exact key value → node. Several map to one UUID node. */
  #keyNodes: Map<string, number>[] = kindMaps();
  /** Lower-cased UUID → node. */
  #uuidNodes = new Map<string, number>();
  #byId = new Map<string, FlowRecord>();
  #added = 0;

  /** Number of flows. */
  get size(): number {
    return this.#byId.size;
  }

  /** Adds (or updates) an exchange and returns the flow it now belongs to. */
  add(exchange: Exchange): FlowUpdate {
    const keys = extractCorrelationKeys(exchange);
    const self = this.#exchangeNode(exchange.id);
    // A key never seen before is new to the survivor too: a key's node lives in exactly one component,
    // and that component's record holds the key. So no per-flow set of keys is needed.
    const fresh: boolean[] = [];
    const nodes: number[] = [self];
    for (const key of keys) {
      const known = this.#keyNodes[KIND_INDEX[key.kind]]!.get(key.value);
      fresh.push(known === undefined);
      nodes.push(known ?? this.#newKeyNode(key));
    }
    if (exchange.replayOf !== undefined) nodes.push(this.#exchangeNode(exchange.replayOf));

    // Collect the flows the nodes belong to (in node order) while joining the nodes into one component.
    const before: FlowRecord[] = [];
    let root = self;
    for (const node of nodes) {
      const r = this.#find(node);
      const found = this.#records[r];
      if (found !== undefined) {
        before.push(found);
        this.#records[r] = undefined;
      }
      root = this.#union(root, r);
    }

    const created = before.length === 0;
    const rec = created ? this.#found(exchange, keys) : pickSurvivor(before);
    const stateBefore = rec.flow.state;
    const merged: string[] = [];
    for (const other of before) {
      if (other === rec) continue;
      this.#absorb(rec, other);
      merged.push(other.flow.id);
    }
    if (merged.length > 0) this.#refold(rec);
    this.#records[root] = rec;

    keys.forEach((key, i) => {
      if (!fresh[i]) return;
      rec.kinds |= 1 << KIND_INDEX[key.kind];
      rec.flow.keys.push(key);
      const rank = KIND_RANK[key.kind];
      if (rank >= rec.labelRank) return;
      const label = keyLabel(key);
      if (label === null) return;
      rec.labelRank = rank;
      rec.flow.label = label;
    });
    this.#applyExchange(rec, self, exchange);
    this.#updateExpectedNext(rec);
    return { flow: rec.flow, created, merged, stateChanged: stateBefore !== rec.flow.state };
  }

  /** The flow with this id (a live object updated in place by later `add`s; do not mutate it). */
  get(flowId: string): Readonly<Flow> | undefined {
    const rec = this.#byId.get(flowId);
    return rec?.flow;
  }

  /** Id of the flow an added exchange belongs to, or `undefined` for an exchange never added. */
  flowOf(exchangeId: string): string | undefined {
    const node = this.#exchangeNodes.get(exchangeId);
    if (node === undefined || this.#seq[node]! < 0) return undefined;
    return this.#records[this.#find(node)]?.flow.id;
  }

  /** All flows, oldest first (by `startedAt`, then id). */
  flows(): Readonly<Flow>[] {
    return [...this.#byId.values()]
      .map((rec) => rec.flow)
      .sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Forgets every exchange and flow. */
  clear(): void {
    this.#parent = [];
    this.#size = [];
    this.#records = [];
    this.#seq = [];
    this.#isError = [];
    this.#exchangeNodes.clear();
    this.#keyNodes = kindMaps();
    this.#uuidNodes.clear();
    this.#byId.clear();
    this.#added = 0;
  }

  #newNode(): number {
    const node = this.#parent.length;
    this.#parent.push(node);
    this.#size.push(1);
    this.#records.push(undefined);
    this.#seq.push(-1);
    this.#isError.push(false);
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

  /** Interns a key seen for the first time (a UUID may already have a node under another kind or case). */
  #newKeyNode(key: CorrelationKey): number {
    let node: number | undefined;
    if (isUuid(key.value)) {
      const lower = key.value.toLowerCase();
      node = this.#uuidNodes.get(lower);
      if (node === undefined) {
        node = this.#newNode();
        this.#uuidNodes.set(lower, node);
      }
    } else {
      node = this.#newNode();
    }
    this.#keyNodes[KIND_INDEX[key.kind]]!.set(key.value, node);
    return node;
  }

  #find(node: number): number {
    const parent = this.#parent;
    let root = node;
    while (parent[root] !== root) root = parent[root]!;
    // Path compression keeps later finds near O(1).
    for (let n = node; n !== root; ) {
      const next = parent[n]!;
      parent[n] = root;
      n = next;
    }
    return root;
  }

  #union(a: number, b: number): number {
    const ra = this.#find(a);
    const rb = this.#find(b);
    if (ra === rb) return ra;
    const size = this.#size;
    const big = size[ra]! >= size[rb]! ? ra : rb;
    const small = big === ra ? rb : ra;
    this.#parent[small] = big;
    size[big] = size[big]! + size[small]!;
    return big;
  }

  #found(exchange: Exchange, keys: readonly CorrelationKey[]): FlowRecord {
    const founding = strongestKey(keys);
    const id = founding === undefined ? `exchange:${exchange.id}` : `${founding.kind}:${founding.value}`;
    const ids: string[] = [];
    // `exchangeIds` last, where the getter installed at the first merge keeps it (see #absorb).
    const flow: Flow = {
      id,
      label: exchangeLabel(exchange),
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
    this.#byId.set(id, rec);
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
    this.#byId.delete(o.id);
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

  #applyExchange(rec: FlowRecord, node: number, exchange: Exchange): void {
    const { flow } = rec;
    const startedAt = exchange.timings.startedAt;
    const response = exchange.response;
    const isError = response !== undefined && (response.error !== undefined || response.status >= 400);
    if (this.#seq[node]! < 0) {
      this.#seq[node] = this.#added++;
      this.#isError[node] = isError;
      rec.ids.push(exchange.id);
      if (isError) flow.errorCount++;
    } else {
      flow.errorCount += Number(isError) - Number(this.#isError[node]);
      this.#isError[node] = isError;
    }
    flow.startedAt = Math.min(flow.startedAt, startedAt);
    flow.lastAt = Math.max(flow.lastAt, startedAt);

    const state = observeState(exchange);
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

function kindMaps(): Map<string, number>[] {
  return Object.keys(KIND_INDEX).map(() => new Map<string, number>());
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
