import { computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import {
  APPLICATION_STATES,
  APPLICATION_TRANSITIONS,
  type ApplicationStateInfo,
} from '../../shared/src/correlate/index.ts';
import type { ExchangeSource } from '../../shared/src/model/exchange.ts';
import type { Flow } from '../../shared/src/model/flow.ts';
import { formatClockTime } from '../utils/format.ts';
import type { CaptureModelInstance } from './capture-model.ts';
import { type ExchangeRow, toRow } from './exchange-row.ts';

/** One line of the journeys list. */
export interface JourneyRow {
  id: string;
  label: string;
  /** Human state label (`Approved`). */
  stateLabel: string;
  state: Flow['state'];
  /** Calls of the flow still retained by the panel. */
  count: number;
  errorCount: number;
  /** Local time of the latest call. */
  lastAt: string;
}

/** One node of the state machine as the journey view draws it. */
export interface StateNode {
  info: ApplicationStateInfo;
  /** The flow's current state. */
  current: boolean;
  /** A state the flow may move to next. */
  next: boolean;
}

/** The selected journey: its calls in order, with source badges, and where it stands. */
export interface JourneyDetail {
  flow: Flow;
  /** Rows of the flow's retained calls, in capture order, with their source. */
  timeline: readonly (ExchangeRow & { source: ExchangeSource })[];
  states: readonly StateNode[];
}

const STATE_BY_NAME = new Map(APPLICATION_STATES.map((s) => [s.state, s]));

/** The state machine with `state` highlighted and its possible next states marked. */
export function stateNodes(state: Flow['state']): StateNode[] {
  const next = new Set(APPLICATION_TRANSITIONS[state] ?? []);
  return APPLICATION_STATES.filter((s) => s.state !== 'unknown' || state === 'unknown').map((info) => ({
    info,
    current: info.state === state,
    next: state !== 'unknown' && next.has(info.state),
  }));
}

/** View model of the Journeys tab: flows (latest activity first) and the selected flow's timeline. */
export const JourneysModel = createModel((capture: CaptureModelInstance) => {
  const selectedFlowId = signal<string | undefined>(undefined, { name: 'journeys.selectedFlowId' });

  const counts = computed(
    () => {
      const n = new Map<string, number>();
      for (const flowId of capture.flowOfExchange.value.values()) n.set(flowId, (n.get(flowId) ?? 0) + 1);
      return n;
    },
    { name: 'journeys.counts' },
  );

  const rows = computed<readonly JourneyRow[]>(
    () =>
      [...capture.flows.value.values()]
        .filter((f) => (counts.value.get(f.id) ?? 0) > 0)
        .sort((a, b) => b.lastAt - a.lastAt)
        .map((f) => ({
          id: f.id,
          label: f.label,
          state: f.state,
          stateLabel: STATE_BY_NAME.get(f.state)?.label ?? f.state,
          count: counts.value.get(f.id) ?? 0,
          errorCount: f.errorCount,
          lastAt: formatClockTime(f.lastAt),
        })),
    { name: 'journeys.rows' },
  );

  const selected = computed<JourneyDetail | undefined>(
    () => {
      const id = selectedFlowId.value ?? rows.value[0]?.id;
      const flow = id === undefined ? undefined : capture.flows.value.get(id);
      if (!flow) return undefined;
      const members = new Set(flow.exchangeIds);
      const timeline = capture.exchanges.value
        .filter((e) => members.has(e.id))
        .map((e) => ({ ...toRow(e, flow), source: e.masked.source }));
      return { flow, timeline, states: stateNodes(flow.state) };
    },
    { name: 'journeys.selected' },
  );

  return {
    /** Flows with at least one retained call, latest activity first. */
    rows,
    /** The flow chosen by the user (the latest flow is shown when none is). */
    selectedFlowId: selectedFlowId as ReadonlySignal<string | undefined>,
    /** The shown journey: the chosen flow, else the most recent one. */
    selected,
    /** Chooses a flow. */
    select(id: string | undefined): void {
      selectedFlowId.value = id;
    },
  };
});

/** An instance of {@link JourneysModel}. */
export type JourneysModelInstance = InstanceType<typeof JourneysModel>;
