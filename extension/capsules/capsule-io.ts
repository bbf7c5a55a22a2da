import type { HarImportOutcome } from '../models/har-io.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { buildCapsule, type CapsuleMeta, readCapsule } from './capsule.ts';

/** A capsule ready to download. */
export interface CapsuleFile {
  fileName: string;
  /** The masked HAR 1.2 text with `log._avvance`. */
  text: string;
  meta: CapsuleMeta;
  calls: number;
  /** Bodies left out for size. */
  droppedBodies: number;
}

/** `avvance-capsule-2025-01-02T03-04-05.har` for the local time `at`. */
export function capsuleFileName(at = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `avvance-capsule-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}-${pad(at.getMinutes())}-${pad(at.getSeconds())}.har`;
}

/**
 * The calls of one journey (flow) as a bug capsule, masked with the panel's session options so its
 * tokens match what the panel shows. `undefined` when the journey has no retained call.
 */
export function journeyCapsule(
  view: PanelViewModelInstance,
  flowId: string,
  note: string,
  now: () => Date = () => new Date(),
): CapsuleFile | undefined {
  const capture = view.capture;
  const membership = capture.flowOfExchange.value;
  const calls = capture.exchanges.value.filter((e) => membership.get(e.id) === flowId);
  if (calls.length === 0) return undefined;
  const at = now();
  const { text, meta, droppedBodies } = buildCapsule({
    exchanges: calls.map((e) => e.original),
    mask: capture.maskOptions(),
    flowOf: (id) => membership.get(id),
    note,
    now: () => at,
  });
  return { fileName: capsuleFileName(at), text, meta, calls: calls.length, droppedBodies };
}

/**
 * Opens a file from the import button: a bug capsule (its note and metadata shown above the list) or
 * any HAR. The calls are masked on arrival like live ones and can be replayed like captured ones.
 * Never throws: a bad file is reported.
 */
export function importCapsuleText(
  view: PanelViewModelInstance,
  name: string,
  text: string,
): HarImportOutcome {
  const result = readCapsule(text);
  if (!result.ok) return { ok: false, name, error: result.error };
  view.showFile(name, result.exchanges, result.meta);
  return {
    ok: true,
    name,
    imported: result.exchanges.length,
    skipped: result.skipped,
    truncated: result.truncated,
  };
}
