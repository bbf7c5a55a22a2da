import { computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import { parseFilter } from '../../shared/src/filter/index.ts';
import type { FilterError, ParsedFilter } from '../../shared/src/filter/types.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { Flow } from '../../shared/src/model/flow.ts';
import type { CapsuleMeta } from '../capsules/capsule.ts';
import type { SavedFiltersModelInstance } from '../capsules/saved-filters-model.ts';
import { type ErrorGroup, groupErrors } from '../insights/error-groups.ts';
import { checkExchange, type SpecReport } from '../insights/spec-check.ts';
import type { CapturedExchange, CaptureModelInstance } from './capture-model.ts';
import { type ExchangeDetail, type ExchangeRow, toRow } from './exchange-row.ts';
import { FilterMemo } from './filter-memo.ts';
import { JourneysModel } from './journeys-model.ts';
import { timeFilterPass } from './panel-timing.ts';

export type { ExchangeDetail, ExchangeRow, StatusKind } from './exchange-row.ts';
export { statusKindOf, toRow } from './exchange-row.ts';

/** The panel's views. */
export type PanelTab = 'calls' | 'journeys' | 'errors' | 'builder';

/** Optional parts of {@link PanelViewModel}. */
export interface PanelViewModelExtras {
  /** Saved filters of the filter bar (persisted by the host: extension storage or `localStorage`). */
  savedFilters?: SavedFiltersModelInstance;
}

/**
 * View model of the panel: filter, selection, reveal, tabs and the rendered rows, derived from a
 * {@link CaptureModelInstance}. Rows are cached per captured call and rebuilt only when the call's flow
 * label changes.
 */
export const PanelViewModel = createModel(
  (capture: CaptureModelInstance, extras: PanelViewModelExtras = {}) => {
    const selectedId = signal<string | undefined>(undefined, { name: 'panel.selectedId' });
    const filterText = signal('', { name: 'panel.filterText' });
    const preserveLog = signal(false, { name: 'panel.preserveLog' });
    const revealed = signal(false, { name: 'panel.revealed' });
    const tab = signal<PanelTab>('calls', { name: 'panel.tab' });
    const rowCache = new WeakMap<CapturedExchange, ExchangeRow>();
    const savedFilters = signal(extras.savedFilters, { name: 'panel.savedFilters' });
    const openedCapsule = signal<{ name: string; meta: CapsuleMeta } | undefined>(undefined, {
      name: 'panel.openedCapsule',
    });
    // The capsule's metadata holds while its file is the one shown (back to live or another import ends it).
    const capsule = computed<CapsuleMeta | undefined>(
      () => {
        const origin = capture.origin.value;
        const opened = openedCapsule.value;
        return opened && origin.kind === 'import' && origin.name === opened.name ? opened.meta : undefined;
      },
      { name: 'panel.capsule' },
    );

    const flowFor = (id: string): Flow | undefined => {
      const flowId = capture.flowOfExchange.value.get(id);
      return flowId === undefined ? undefined : capture.flows.value.get(flowId);
    };

    const rowOf = (entry: CapturedExchange): ExchangeRow => {
      const flow = flowFor(entry.id);
      const cached = rowCache.get(entry);
      if (cached && cached.flowId === flow?.id && cached.flowLabel === (flow?.label ?? '')) return cached;
      const row = toRow(entry, flow);
      rowCache.set(entry, row);
      return row;
    };

    const parsed = computed<ParsedFilter>(() => parseFilter(filterText.value), {
      name: 'panel.parsedFilter',
    });

    /** Calls the list may show at all: everything with "all traffic" on, else only Avvance calls. */
    const listed = computed(
      () => {
        const all = capture.exchanges.value;
        return capture.captureOther.value ? all : all.filter((e) => e.avvance);
      },
      { name: 'panel.listed' },
    );

    const memo = new FilterMemo();
    const visible = computed(
      () => {
        const { filters } = parsed.value;
        const entries = listed.value;
        if (filters.length === 0) return entries;
        const membership = capture.flowOfExchange.value;
        return timeFilterPass(() => memo.filter(entries, membership, filters, filterText.value));
      },
      { name: 'panel.visible' },
    );

    // Every row at once: only for callers that need them all; the list renders windowRows.
    const rows = computed(() => visible.value.map(rowOf), { name: 'panel.rows' });

    // The virtualised list's window: a keystroke or scroll builds ~50 rows, not one per listed call.
    const listWindow = signal({ first: 0, count: 60 }, { name: 'panel.listWindow' });
    const windowRows = computed(
      () => {
        const { first, count } = listWindow.value;
        return { first, rows: visible.value.slice(first, first + count).map(rowOf) };
      },
      { name: 'panel.windowRows' },
    );

    const selectedIndex = computed(
      () => {
        const id = selectedId.value;
        return id === undefined ? -1 : visible.value.findIndex((e) => e.id === id);
      },
      { name: 'panel.selectedIndex' },
    );

    const selectedEntry = computed(
      () => {
        const id = selectedId.value;
        return id === undefined ? undefined : capture.exchanges.value.find((e) => e.id === id);
      },
      { name: 'panel.selectedEntry' },
    );

    const selected = computed<ExchangeDetail | undefined>(
      () => {
        const entry = selectedEntry.value;
        if (!entry) return undefined;
        const detail: ExchangeDetail = {
          row: rowOf(entry),
          exchange: entry.masked,
          findings: entry.findings,
          flow: flowFor(entry.id),
        };
        if (revealed.value) detail.revealed = entry.original;
        return detail;
      },
      { name: 'panel.selected' },
    );

    // Checked against the original so masked values (strings where numbers were) raise no false alarms;
    // the report carries names and messages only.
    const spec = computed<SpecReport | undefined>(
      () => {
        const entry = selectedEntry.value;
        return entry?.avvance ? checkExchange(entry.original) : undefined;
      },
      { name: 'panel.spec' },
    );

    const errors = computed<readonly ErrorGroup[]>(() => groupErrors(listed.value), { name: 'panel.errors' });

    const summary = computed(
      () => {
        const n = listed.value.length;
        const membership = capture.flowOfExchange.value;
        const flows = new Set(listed.value.map((e) => membership.get(e.id))).size;
        return `${n} ${n === 1 ? 'call' : 'calls'} · ${flows} ${flows === 1 ? 'flow' : 'flows'}`;
      },
      { name: 'panel.summary' },
    );

    const resultCount = computed(() => `${visible.value.length} / ${listed.value.length}`, {
      name: 'panel.resultCount',
    });

    const select = (id: string | undefined): void => {
      if (id !== selectedId.value) revealed.value = false;
      selectedId.value = id;
    };

    const clear = (): void => {
      capture.clear();
      select(undefined);
    };

    return {
      /** Rows of the request list (filtered), oldest first. */
      rows: rows as ReadonlySignal<readonly ExchangeRow[]>,
      /** Number of rows the filtered list has (without building them). */
      rowCount: computed(() => visible.value.length, { name: 'panel.rowCount' }) as ReadonlySignal<number>,
      /** Rows of the list's window (see {@link setListWindow}) and the index of the first one. */
      windowRows: windowRows as ReadonlySignal<{ first: number; rows: readonly ExchangeRow[] }>,
      /** Position of the selected call in the filtered list, `-1` when none or filtered out. */
      selectedIndex: selectedIndex as ReadonlySignal<number>,
      /** Id of the selected call, if any. */
      selectedId: selectedId as ReadonlySignal<string | undefined>,
      /** Detail of the selected call; `undefined` when nothing (or a dropped call) is selected. */
      selected,
      /** Spec check of the selected Avvance call. */
      spec,
      /** e.g. `2 calls · 1 flow`. */
      summary: summary as ReadonlySignal<string>,
      /** Shown / listed calls, e.g. `12 / 340`. */
      resultCount: resultCount as ReadonlySignal<string>,
      /** The filter text as typed. */
      filterText: filterText as ReadonlySignal<string>,
      /** Problems in the filter text, with offsets for an inline underline. */
      filterErrors: computed<readonly FilterError[]>(() => parsed.value.errors),
      /** Failed calls grouped by error code and endpoint, latest first. */
      errors,
      /** Keep the list when the inspected page navigates. Defaults to off (cleared, like DevTools). */
      preserveLog: preserveLog as ReadonlySignal<boolean>,
      /** True while the selected call's original values are shown (local only). */
      revealed: revealed as ReadonlySignal<boolean>,
      /** The visible view. Defaults to `calls`. */
      tab: tab as ReadonlySignal<PanelTab>,
      /** The Journeys tab's model. */
      journeys: new JourneysModel(capture),
      /** The domain model (capture state and actions). */
      capture,
      /** The filter bar's saved filters, when the host provides storage for them. */
      savedFilters: savedFilters as ReadonlySignal<SavedFiltersModelInstance | undefined>,
      /** Metadata of the bug capsule being shown (note, versions, correlation ids), if any. */
      capsule,
      /** Calls dropped by the retention cap. */
      dropped: capture.dropped,
      /** Capture problems since the last clear. */
      problemCount: capture.problemCount,

      /** Selects a call (or nothing); hides revealed values of the previous one. */
      select,
      /** Shows a call's detail from another tab (journeys, errors). */
      openCall(id: string): void {
        select(id);
        tab.value = 'calls';
      },
      /** Moves the selection by `delta` rows in the filtered list (↑ = -1, ↓ = +1), clamped to its ends. */
      moveSelection(delta: number): void {
        const all = visible.value;
        if (all.length === 0) return;
        const index = selectedIndex.value;
        const next =
          index === -1
            ? delta > 0
              ? 0
              : all.length - 1
            : Math.min(all.length - 1, Math.max(0, index + delta));
        select(all[next]!.id);
      },
      /** The rows the list shows: `count` rows from index `first` of the filtered list. */
      setListWindow(first: number, count: number): void {
        const now = listWindow.peek();
        if (now.first !== first || now.count !== count) listWindow.value = { first, count };
      },
      /** Sets the filter text (parsed on change; errors in {@link filterErrors}). */
      setFilter(text: string): void {
        filterText.value = text;
      },
      /** Shows or hides the selected call's original values (local display only). */
      setRevealed(on: boolean): void {
        revealed.value = on && selectedId.value !== undefined;
      },
      /** Switches the view. */
      setTab(next: PanelTab): void {
        tab.value = next;
      },
      /** Keeps (or not) the list across navigations. */
      setPreserveLog(on: boolean): void {
        preserveLog.value = on;
      },
      /** The inspected page navigated: clears the list unless the log is preserved or a file is shown. */
      navigated(): void {
        if (!preserveLog.value && capture.origin.value.kind === 'live') clear();
      },
      /** Calls to export: the ones the list shows, originals (exports mask them with the session salt). */
      exportable(): readonly CapturedExchange[] {
        return visible.value;
      },
      /** Clears captured calls and the selection. */
      clear,
      /**
       * Shows an opened file's calls (masked on arrival, like an imported HAR) and, for a bug capsule, its
       * metadata in {@link capsule}.
       */
      showFile(name: string, exchanges: readonly Exchange[], meta?: CapsuleMeta): void {
        select(undefined);
        capture.showImported(name, exchanges);
        openedCapsule.value = meta ? { name, meta } : undefined;
      },
    };
  },
);

/** An instance of {@link PanelViewModel}. */
export type PanelViewModelInstance = InstanceType<typeof PanelViewModel>;
