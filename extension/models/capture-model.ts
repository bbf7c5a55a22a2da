import { batch, createModel, effect, type ReadonlySignal, signal } from '@preact/signals';
import { FlowIndex } from '../../shared/src/correlate/index.ts';
import { isAvvanceCall } from '../../shared/src/detect/index.ts';
import { buildSearchIndex } from '../../shared/src/filter/index.ts';
import { createMaskSalt, maskExchange } from '../../shared/src/mask/index.ts';
import type { MaskFinding, MaskOptions } from '../../shared/src/mask/types.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { Flow } from '../../shared/src/model/flow.ts';
import type { CaptureInfo, CaptureProblem, CaptureSource } from '../capture/capture-source.ts';
import { animationFrameScheduler, type FlushScheduler } from '../utils/frame-scheduler.ts';

/** Most calls kept in panel memory; the oldest are dropped first (and counted in `dropped`). */
export const MAX_CAPTURED_EXCHANGES = 10_000;

/** Most capture problems kept for display; older ones are forgotten (the total stays in `problemCount`). */
export const MAX_KEPT_PROBLEMS = 100;

/** One captured call: the original (panel memory only) and its masked copy (everything shown or shared). */
export interface CapturedExchange {
  /** Same as `masked.id` and `original.id`. */
  readonly id: string;
  /**
   * The call exactly as captured, PII and secrets included. Lives only in this panel's memory (for a
   * later local "reveal" and replay); never rendered, exported or sent anywhere.
   */
  readonly original: Exchange;
  /** The masked copy: the only version views, exports and team sessions may use. */
  readonly masked: Exchange;
  /** What masking replaced in `masked`. */
  readonly findings: readonly MaskFinding[];
  /** Arrival order, starting at 1; keeps increasing across `clear()`. */
  readonly seq: number;
  /** False for other traffic recorded by the "all traffic" toggle (no bodies read). */
  readonly avvance: boolean;
  /**
   * `buildSearchIndex(masked)`, computed once on arrival for free-text filtering. Built from the masked
   * copy on purpose: typing a customer's email into the filter must not reveal which call holds it.
   */
  readonly searchIndex: string;
}

/** Where the list's calls come from: the live source, or an imported HAR file. */
export type CaptureOrigin = { kind: 'live' } | { kind: 'import'; name: string };

/** Options of {@link CaptureModel}. */
export interface CaptureModelOptions {
  /** Where calls come from. */
  source: CaptureSource;
  /** Masking salt for this panel session. Defaults to a fresh `createMaskSalt()`. */
  salt?: string;
  /** Retention cap. Defaults to {@link MAX_CAPTURED_EXCHANGES}. */
  maxExchanges?: number;
  /** When to apply buffered arrivals. Defaults to once per animation frame ({@link animationFrameScheduler}). */
  schedule?: FlushScheduler;
  /** Clock for pause windows, epoch ms. Defaults to `Date.now`. */
  now?: () => number;
  /** Extra key names masked as PII (the options page's "extra masking keys"). Defaults to none. */
  extraMaskingKeys?: readonly string[];
}

/** Pause windows remembered to judge late arrivals; older ones are forgotten. */
const MAX_PAUSE_WINDOWS = 32;

/**
 * Domain model of captured Avvance calls: masks every call on arrival, buffers arrivals and applies them
 * in one `batch()` per frame, groups them into flows, and caps retention at `maxExchanges`.
 */
export const CaptureModel = createModel((options: CaptureModelOptions) => {
  // One options object per session: the masker (key rules, token cache) is cached per options object.
  const salt = options.salt ?? createMaskSalt();
  const maskOptionsFor = (keys: readonly string[] | undefined): MaskOptions =>
    keys && keys.length > 0 ? { salt, extraKeys: [...keys] } : { salt };
  let maskOptions: MaskOptions = maskOptionsFor(options.extraMaskingKeys);
  const max = options.maxExchanges ?? MAX_CAPTURED_EXCHANGES;
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`maxExchanges must be a positive integer, got ${max}`);
  const schedule = options.schedule ?? animationFrameScheduler();

  const exchanges = signal<readonly CapturedExchange[]>([], { name: 'capture.exchanges' });
  const dropped = signal(0, { name: 'capture.dropped' });
  const flows = signal<ReadonlyMap<string, Flow>>(new Map(), { name: 'capture.flows' });
  const flowOfExchange = signal<ReadonlyMap<string, string>>(new Map(), { name: 'capture.flowOfExchange' });
  const problems = signal<readonly CaptureProblem[]>([], { name: 'capture.problems' });
  const problemCount = signal(0, { name: 'capture.problemCount' });
  const capturing = signal(false, { name: 'capture.capturing' });
  const paused = signal(false, { name: 'capture.paused' });
  const captureOther = signal(false, { name: 'capture.captureOther' });
  const origin = signal<CaptureOrigin>({ kind: 'live' }, { name: 'capture.origin' });

  const now = options.now ?? Date.now;
  // DevTools reports a call when it finishes (and the source hands calls on in batches), often after the
  // user paused or resumed: a call is judged by when it started, as DevTools' own log does. One made while
  // paused stays out even if it arrives later; one started before the pause is kept when it arrives during it.
  const pauseWindows: Array<{ from: number; to: number }> = [];
  let pausedSince: number | undefined;
  const startedWhilePaused = (exchange: Exchange): boolean => {
    const started = exchange.timings.startedAt;
    if (pausedSince !== undefined && started >= pausedSince) return true;
    return pauseWindows.some((w) => started >= w.from && started <= w.to);
  };

  let flowIndex = new FlowIndex();
  let pending: CapturedExchange[] = [];
  let pendingProblems: CaptureProblem[] = [];
  let flushScheduled = false;
  let seq = 0;

  // Disposing the model (`model[Symbol.dispose]()`) stops the source.
  effect(() => () => {
    if (capturing.peek()) options.source.stop();
  });

  const requestFlush = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    schedule(flush);
  };

  const add = (original: Exchange, avvance: boolean): void => {
    const { value, findings } = maskExchange(original, maskOptions);
    const searchIndex = buildSearchIndex(value);
    pending.push({ id: original.id, original, masked: value, findings, seq: ++seq, avvance, searchIndex });
    requestFlush();
  };

  // Paused (DevTools' "stop recording") or showing an imported file: live arrivals are not recorded.
  const receive = (original: Exchange, info?: CaptureInfo): void => {
    if (origin.peek().kind !== 'live' || startedWhilePaused(original)) return;
    add(original, info?.avvance ?? true);
  };

  const receiveProblem = (problem: CaptureProblem): void => {
    pendingProblems.push(problem);
    requestFlush();
  };

  function flush(): void {
    flushScheduled = false;
    const arrived = pending;
    const arrivedProblems = pendingProblems;
    pending = [];
    pendingProblems = [];
    if (arrived.length === 0 && arrivedProblems.length === 0) return;
    batch(() => {
      if (arrived.length > 0) applyExchanges(arrived);
      if (arrivedProblems.length > 0) {
        problems.value = [...problems.value, ...arrivedProblems].slice(-MAX_KEPT_PROBLEMS);
        problemCount.value += arrivedProblems.length;
      }
    });
  }

  function applyExchanges(arrived: readonly CapturedExchange[]): void {
    const nextFlows = new Map(flows.value);
    const nextMembership = new Map(flowOfExchange.value);
    for (const entry of arrived) {
      // The masked copy is indexed: ids that join flows (GUIDs, session ids) survive masking, and
      // anything a flow shows (labels, keys) must be masked too.
      const update = flowIndex.add(entry.masked);
      for (const id of update.merged) nextFlows.delete(id);
      const flow = update.flow;
      nextFlows.set(flow.id, {
        ...flow,
        keys: [...flow.keys],
        exchangeIds: [...flow.exchangeIds],
        expectedNext: [...flow.expectedNext],
      });
      if (update.merged.length > 0) for (const id of flow.exchangeIds) nextMembership.set(id, flow.id);
      else nextMembership.set(entry.id, flow.id);
    }
    let next = [...exchanges.value, ...arrived];
    if (next.length > max) {
      const excess = next.length - max;
      for (const gone of next.slice(0, excess)) nextMembership.delete(gone.id);
      next = next.slice(excess);
      dropped.value += excess;
    }
    exchanges.value = next;
    flows.value = nextFlows;
    flowOfExchange.value = nextMembership;
  }

  function clearAll(): void {
    pending = [];
    pendingProblems = [];
    flowIndex = new FlowIndex();
    exchanges.value = [];
    flows.value = new Map();
    flowOfExchange.value = new Map();
    problems.value = [];
    problemCount.value = 0;
    dropped.value = 0;
  }

  return {
    /** Captured calls, oldest first, at most `maxExchanges`. */
    exchanges: exchanges as ReadonlySignal<readonly CapturedExchange[]>,
    /** Calls dropped because of the retention cap since the last `clear()`. */
    dropped: dropped as ReadonlySignal<number>,
    /** Flows by id (snapshots; a flow may list exchanges that were dropped). */
    flows: flows as ReadonlySignal<ReadonlyMap<string, Flow>>,
    /** Flow id of each retained exchange. */
    flowOfExchange: flowOfExchange as ReadonlySignal<ReadonlyMap<string, string>>,
    /** The latest capture problems (at most {@link MAX_KEPT_PROBLEMS}). */
    problems: problems as ReadonlySignal<readonly CaptureProblem[]>,
    /** Capture problems since the last `clear()`. */
    problemCount: problemCount as ReadonlySignal<number>,
    /** True between `start()` and `stop()`. */
    capturing: capturing as ReadonlySignal<boolean>,
    /** True while live recording is paused (arrivals are discarded, not buffered). */
    paused: paused as ReadonlySignal<boolean>,
    /** True while non-Avvance calls are recorded too (without bodies). */
    captureOther: captureOther as ReadonlySignal<boolean>,
    /** Live capture, or the imported HAR file the list shows. */
    origin: origin as ReadonlySignal<CaptureOrigin>,
    /** The session's masking options: exports and snippets use them so tokens match the panel's. */
    maskOptions(): Readonly<MaskOptions> {
      return maskOptions;
    },

    /**
     * Masks these extra key names too from now on (same salt, so tokens stay stable). Calls already
     * listed keep their masking; exports re-mask originals with the new keys.
     */
    setExtraMaskingKeys(keys: readonly string[]): void {
      maskOptions = maskOptionsFor(keys);
    },
    /** Starts recording from the source. */
    start(): void {
      if (capturing.value) return;
      options.source.start(receive, receiveProblem);
      capturing.value = true;
    },
    /** Stops recording; what was captured stays. */
    stop(): void {
      if (!capturing.value) return;
      options.source.stop();
      capturing.value = false;
    },
    /** Pauses or resumes live recording. */
    setPaused(on: boolean): void {
      if (on === paused.peek()) return;
      if (on) pausedSince = now();
      else if (pausedSince !== undefined) {
        pauseWindows.push({ from: pausedSince, to: now() });
        if (pauseWindows.length > MAX_PAUSE_WINDOWS) pauseWindows.shift();
        pausedSince = undefined;
      }
      options.source.setPausedSince?.(pausedSince);
      paused.value = on;
    },
    /** Records non-Avvance calls too (without bodies), or only Avvance calls. */
    setCaptureOther(on: boolean): void {
      captureOther.value = on;
      options.source.setCaptureOther?.(on);
    },
    /**
     * Replaces the list with imported calls (masked on arrival like live ones) and stops recording live
     * calls until {@link backToLive}. `name` is shown ("Imported: name.har").
     */
    showImported(name: string, imported: readonly Exchange[]): void {
      clearAll();
      origin.value = { kind: 'import', name };
      for (const x of imported) add(x, isAvvanceCall(x.request.url));
      flush();
    },
    /** Leaves an imported file: clears the list and records live calls again. */
    backToLive(): void {
      clearAll();
      origin.value = { kind: 'live' };
    },
    /** Forgets every captured call, flow, problem and the dropped count (capture continues). */
    clear: clearAll,
    /** Applies buffered arrivals now instead of on the next frame (tests, export). */
    flush,
  };
});

/** An instance of {@link CaptureModel}. */
export type CaptureModelInstance = InstanceType<typeof CaptureModel>;
