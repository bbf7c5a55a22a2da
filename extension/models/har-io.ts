import { exportHar, importHar } from '../../shared/src/har/index.ts';
import type { PanelViewModelInstance } from './panel-view-model.ts';

/** Outcome of {@link exportVisibleHar}. */
export interface HarExportText {
  /** The HAR 1.2 JSON, masked with the session's salt (tokens match the panel's). */
  text: string;
  entries: number;
  /** Bodies left out for size. */
  droppedBodies: number;
}

/**
 * The calls the list shows, as masked HAR 1.2 text. The originals are masked again with the session's
 * options, so the file holds exactly the tokens the panel shows and no original value.
 */
export function exportVisibleHar(view: PanelViewModelInstance): HarExportText {
  const capture = view.capture;
  const membership = capture.flowOfExchange.value;
  const { har, droppedBodies } = exportHar(
    view.exportable().map((e) => e.original),
    { mask: capture.maskOptions(), flowOf: (id) => membership.get(id) },
  );
  return {
    text: JSON.stringify(har, null, 2),
    entries: har.log.entries.length,
    droppedBodies: droppedBodies.length,
  };
}

/** Outcome of {@link importHarText}: shown in the toolbar. */
export type HarImportOutcome =
  | { ok: true; name: string; imported: number; skipped: number; truncated: number }
  | { ok: false; name: string; error: string };

/**
 * Shows a HAR file's calls in the panel (masked on arrival like live ones; live recording waits until
 * the user goes back to live). Never throws: a bad file is reported.
 */
export function importHarText(view: PanelViewModelInstance, name: string, text: string): HarImportOutcome {
  const result = importHar(text);
  if (!result.ok) return { ok: false, name, error: result.error };
  view.select(undefined);
  view.capture.showImported(name, result.exchanges);
  return {
    ok: true,
    name,
    imported: result.exchanges.length,
    skipped: result.skipped.length,
    truncated: result.truncated,
  };
}
