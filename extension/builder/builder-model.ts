import { computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { getOperation, listOperations, type OperationInfo } from '../../shared/src/openapi/index.ts';
import { asError } from '../../shared/src/util/error.ts';
import { isRelayClientError, type RelayClientError } from '../relay-client/errors.ts';
import type { ReplayInput, ReplayResult } from '../relay-client/relay-client.ts';
import { diffResponses, type ResponseDiff } from './json-diff.ts';
import {
  checkBody,
  type DraftIssue,
  type DraftRow,
  draftFromExchange,
  draftFromOperation,
  type RequestDraft,
  toReplayInput,
} from './request-draft.ts';

/** Operations of one tag in the sidebar. */
export interface OperationGroup {
  tag: string;
  operations: readonly OperationInfo[];
}

/** A captured call as the builder needs it. */
export interface CapturedCall {
  id: string;
  masked: Exchange;
  /** Absent when the original is no longer in memory. */
  original?: Exchange | undefined;
}

/** The result of the last send. */
export type SendState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | {
      kind: 'done';
      /** Masked copy of the replayed exchange (what is displayed). */
      exchange: Exchange;
      /** Round trip through the relay, milliseconds. */
      ms: number;
      /** Masked original, when the draft replays a captured call. */
      original?: Exchange;
      /** Original response vs replay response, when both exist. */
      diff?: ResponseDiff;
    }
  | { kind: 'invalid'; issues: DraftIssue[] }
  | { kind: 'error'; error: RelayClientError | Error };

/** Dependencies of {@link BuilderModel}. */
export interface BuilderDeps {
  /** Sends through the relay (`RelayClient.replay`). */
  send(input: ReplayInput): Promise<ReplayResult>;
  /** Masks an exchange for display (the panel session's masker). */
  mask(exchange: Exchange): Exchange;
  /** A captured call by id (panel memory). */
  findCaptured?(id: string): CapturedCall | undefined;
  /** The signed-in partner, for `partner-ID`. */
  partnerId?(): string | undefined;
  /** Milliseconds clock. Defaults to `performance.now`. */
  clock?(): number;
}

const matches = (op: OperationInfo, q: string): boolean =>
  q === '' ||
  `${op.operationId} ${op.method} ${op.path} ${op.summary} ${op.tag}`.toLowerCase().includes(q.toLowerCase());

/**
 * The request builder: endpoint list (grouped by tag, searchable), the draft being edited, body checks
 * against the operation's schema, sending through the relay, and the diff of a replay with its original.
 */
export const BuilderModel = createModel((deps: BuilderDeps) => {
  const search = signal('', { name: 'builder.search' });
  const draft = signal<RequestDraft | undefined>(undefined, { name: 'builder.draft' });
  const state = signal<SendState>({ kind: 'idle' }, { name: 'builder.state' });
  const clock = deps.clock ?? (() => performance.now());

  const groups = computed<readonly OperationGroup[]>(
    () => {
      const q = search.value.trim();
      const byTag = new Map<string, OperationInfo[]>();
      for (const op of listOperations()) {
        if (!matches(op, q)) continue;
        const list = byTag.get(op.tag) ?? [];
        list.push(op);
        byTag.set(op.tag, list);
      }
      return [...byTag].map(([tag, operations]) => ({ tag, operations }));
    },
    { name: 'builder.groups' },
  );

  const operation = computed(
    () => (draft.value?.operationId ? getOperation(draft.value.operationId) : undefined),
    { name: 'builder.operation' },
  );

  const bodyIssues = computed<readonly DraftIssue[]>(
    () => {
      const d = draft.value;
      return d ? checkBody(d.bodyText, operation.value?.requestSchema).issues : [];
    },
    { name: 'builder.bodyIssues' },
  );

  const ctx = () => {
    const partnerId = deps.partnerId?.();
    return partnerId ? { partnerId } : {};
  };

  const update = (patch: Partial<RequestDraft>): void => {
    if (draft.value) draft.value = { ...draft.value, ...patch };
  };

  const setRow = (key: 'headers' | 'query', index: number, row: DraftRow | undefined): void => {
    const d = draft.value;
    if (!d) return;
    const rows = [...d[key]];
    if (row === undefined) rows.splice(index, 1);
    else if (index >= rows.length) rows.push(row);
    else rows[index] = row;
    draft.value = { ...d, [key]: rows };
  };

  async function send(): Promise<void> {
    const d = draft.value;
    if (!d || state.value.kind === 'sending') return;
    const built = toReplayInput(d, operation.value?.requestSchema);
    if (!built.ok) {
      state.value = { kind: 'invalid', issues: built.issues };
      return;
    }
    state.value = { kind: 'sending' };
    const t0 = clock();
    try {
      const result = await deps.send(built.input);
      const ms = clock() - t0;
      const exchange = deps.mask(result.exchange);
      const captured = d.replayOf ? deps.findCaptured?.(d.replayOf) : undefined;
      const done: SendState = { kind: 'done', exchange, ms };
      if (captured) {
        done.original = captured.masked;
        if (captured.masked.response && exchange.response)
          done.diff = diffResponses(captured.masked.response, exchange.response);
      }
      state.value = done;
    } catch (e: unknown) {
      state.value = { kind: 'error', error: isRelayClientError(e) ? e : asError(e) };
    }
  }

  return {
    /** Sidebar search text. */
    search: search as ReadonlySignal<string>,
    /** Operations matching the search, grouped by tag in document order. */
    groups,
    /** The request being edited; `undefined` until an endpoint or a call is opened. */
    draft: draft as ReadonlySignal<RequestDraft | undefined>,
    /** The documented operation of the draft. */
    operation,
    /** Body problems (JSON syntax, schema), live while typing. */
    bodyIssues,
    /** The last send. */
    state: state as ReadonlySignal<SendState>,

    setSearch(text: string): void {
      search.value = text;
    },
    /** Opens an endpoint with its example request. */
    selectOperation(operationId: string): void {
      const op = getOperation(operationId);
      if (!op) return;
      draft.value = draftFromOperation(op, ctx());
      state.value = { kind: 'idle' };
    },
    /** Opens a captured call prefilled for replay (original body when still in memory). */
    openCall(call: CapturedCall): void {
      draft.value = draftFromExchange(call, ctx());
      state.value = { kind: 'idle' };
    },
    /** Opens a draft built elsewhere (the popup's "open in panel"). */
    openDraft(next: RequestDraft): void {
      draft.value = next;
      state.value = { kind: 'idle' };
    },
    /** Changes fields of the draft. */
    update,
    setBody(text: string): void {
      update({ bodyText: text });
    },
    setPathParam(name: string, value: string): void {
      if (draft.value) update({ pathParams: { ...draft.value.pathParams, [name]: value } });
    },
    /** Sets (index past the end: adds) or removes (`undefined`) a header row. */
    setHeader(index: number, row: DraftRow | undefined): void {
      setRow('headers', index, row);
    },
    /** Sets, adds or removes a query row. */
    setQuery(index: number, row: DraftRow | undefined): void {
      setRow('query', index, row);
    },
    /** Sends the draft through the relay. */
    send,
  };
});

/** An instance of {@link BuilderModel}. */
export type BuilderModelInstance = InstanceType<typeof BuilderModel>;
