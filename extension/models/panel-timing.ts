/**
 * User Timing measures of the panel's own work per filter keystroke, so bench/panel.ts (and the
 * Performance panel of DevTools-on-DevTools) see the filter and render cost without the frame waits of an
 * outside measure. Only the latest entry of each name is kept: the timeline never grows with typing.
 */

/** Names of the measures (bench/panel.ts reads them). */
export const PANEL_MEASURES = {
  /** The filter box's input handler → the end of the render pass it caused (filter, rows, DOM writes). */
  filterToList: 'avvance:filter→list',
  /** The filter predicate over the listed calls (skipped when the filter is empty). */
  filterPass: 'avvance:filter-pass',
} as const;

const INPUT_MARK = 'avvance:filter-input';

// Absent in some test environments; the panel works the same without it.
const timing: Pick<Performance, 'mark' | 'measure' | 'clearMarks' | 'clearMeasures' | 'now'> | undefined =
  typeof performance !== 'undefined' && typeof performance.measure === 'function' ? performance : undefined;

/**
 * Call from the filter box's input handler *around* the model update: marks the start, runs `update`, and
 * ends the measure in a microtask queued after it, i.e. after Preact's render pass (a microtask the
 * update queued first).
 */
export function timeFilterKeystroke(update: () => void): void {
  if (!timing) {
    update();
    return;
  }
  timing.clearMarks(INPUT_MARK);
  timing.mark(INPUT_MARK);
  update();
  queueMicrotask(() => {
    timing.clearMeasures(PANEL_MEASURES.filterToList);
    timing.measure(PANEL_MEASURES.filterToList, INPUT_MARK);
  });
}

/** Runs the filter pass `pass` and records its duration. */
export function timeFilterPass<T>(pass: () => T): T {
  if (!timing) return pass();
  const start = timing.now();
  const result = pass();
  timing.clearMeasures(PANEL_MEASURES.filterPass);
  timing.measure(PANEL_MEASURES.filterPass, { start, end: timing.now() });
  return result;
}
