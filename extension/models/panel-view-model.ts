import { computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { MaskFinding } from '../../shared/src/mask/types.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { Flow } from '../../shared/src/model/flow.ts';
import { formatClockTime, formatDuration, urlHost, urlPath } from '../utils/format.ts';
import type { CapturedExchange, CaptureModelInstance } from './capture-model.ts';

/** How a row's status is coloured. */
export type StatusKind =
  | 'pending'
  | 'success'
  | 'redirect'
  | 'client-error'
  | 'server-error'
  | 'network-error';

/** One line of the request list, ready to render (all text masked). */
export interface ExchangeRow {
  id: string;
  seq: number;
  /** Request start, local time with milliseconds. */
  time: string;
  method: string;
  /** Path and query (masked). */
  path: string;
  host: string;
  /** HTTP status, `ERR` for a network error, `…` while pending. */
  status: string;
  statusKind: StatusKind;
  duration: string;
  /** Id of the flow the call belongs to, `undefined` if none. */
  flowId: string | undefined;
  /** Short flow name, e.g. `application 7b831e4d…`; `''` if none. */
  flowLabel: string;
  /** Number of masked values in the call. */
  maskedCount: number;
}

/** What the detail pane shows for the selected call. */
export interface ExchangeDetail {
  row: ExchangeRow;
  /** The masked exchange (never the original). */
  exchange: Exchange;
  findings: readonly MaskFinding[];
  flow: Flow | undefined;
}

/** Classifies a status for colouring. */
export function statusKindOf(exchange: Exchange): StatusKind {
  const response = exchange.response;
  if (!response) return 'pending';
  if (response.error !== undefined || response.status === 0) return 'network-error';
  if (response.status >= 500) return 'server-error';
  if (response.status >= 400) return 'client-error';
  if (response.status >= 300) return 'redirect';
  return 'success';
}

function statusText(exchange: Exchange): string {
  const response = exchange.response;
  if (!response) return '…';
  if (response.error !== undefined || response.status === 0) return 'ERR';
  return String(response.status);
}

/** Builds the row of a captured call (pure; exported for tests). */
export function toRow(entry: CapturedExchange, flow: Flow | undefined): ExchangeRow {
  const x = entry.masked;
  return {
    id: entry.id,
    seq: entry.seq,
    time: formatClockTime(x.timings.startedAt),
    method: x.request.method,
    path: urlPath(x.request.url),
    host: urlHost(x.request.url),
    status: statusText(x),
    statusKind: statusKindOf(x),
    duration: formatDuration(x.response?.duration),
    flowId: flow?.id,
    flowLabel: flow?.label ?? '',
    maskedCount: entry.findings.length,
  };
}

/**
 * View model of the panel: selection and the rendered rows, derived from a {@link CaptureModelInstance}.
 * Rows are cached per captured call and rebuilt only when the call's flow label changes.
 */
export const PanelViewModel = createModel((capture: CaptureModelInstance) => {
  const selectedId = signal<string | undefined>(undefined, { name: 'panel.selectedId' });
  const rowCache = new WeakMap<CapturedExchange, ExchangeRow>();

  const flowFor = (id: string): Flow | undefined => {
    const flowId = capture.flowOfExchange.value.get(id);
    return flowId === undefined ? undefined : capture.flows.value.get(flowId);
  };

  const rows = computed(
    () =>
      capture.exchanges.value.map((entry) => {
        const flow = flowFor(entry.id);
        const cached = rowCache.get(entry);
        if (cached && cached.flowId === flow?.id && cached.flowLabel === (flow?.label ?? '')) return cached;
        const row = toRow(entry, flow);
        rowCache.set(entry, row);
        return row;
      }),
    { name: 'panel.rows' },
  );

  const selected = computed<ExchangeDetail | undefined>(
    () => {
      const id = selectedId.value;
      if (id === undefined) return undefined;
      const entries = capture.exchanges.value;
      const index = entries.findIndex((e) => e.id === id);
      const entry = entries[index];
      const row = rows.value[index];
      if (!entry || !row) return undefined;
      return { row, exchange: entry.masked, findings: entry.findings, flow: flowFor(id) };
    },
    { name: 'panel.selected' },
  );

  const summary = computed(
    () => {
      const n = capture.exchanges.value.length;
      return `${n} ${n === 1 ? 'call' : 'calls'} · ${capture.flows.value.size} ${capture.flows.value.size === 1 ? 'flow' : 'flows'}`;
    },
    { name: 'panel.summary' },
  );

  return {
    /** Rows of the request list, oldest first. */
    rows: rows as ReadonlySignal<readonly ExchangeRow[]>,
    /** Id of the selected call, if any. */
    selectedId: selectedId as ReadonlySignal<string | undefined>,
    /** Detail of the selected call; `undefined` when nothing (or a dropped call) is selected. */
    selected: selected as ReadonlySignal<ExchangeDetail | undefined>,
    /** e.g. `2 calls · 1 flow`. */
    summary: summary as ReadonlySignal<string>,
    /** Calls dropped by the retention cap. */
    dropped: capture.dropped,
    /** Capture problems since the last clear. */
    problemCount: capture.problemCount,

    /** Selects a call (or nothing). */
    select(id: string | undefined): void {
      selectedId.value = id;
    },
    /** Clears captured calls and the selection. */
    clear(): void {
      capture.clear();
      selectedId.value = undefined;
    },
  };
});

/** An instance of {@link PanelViewModel}. */
export type PanelViewModelInstance = InstanceType<typeof PanelViewModel>;
