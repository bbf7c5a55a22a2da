import { useComputed } from '@preact/signals';
import { MAX_CAPTURED_EXCHANGES } from '../models/capture-model.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';

/** Top bar: title, counts, dropped/problem counters and the Clear button. */
export function Toolbar({ model }: { model: PanelViewModelInstance }) {
  const droppedText = useComputed(() => (model.dropped.value > 0 ? `${model.dropped.value} dropped` : ''));
  const problemText = useComputed(() =>
    model.problemCount.value > 0 ? `${model.problemCount.value} not recorded` : '',
  );
  return (
    <header class="toolbar">
      <strong class="toolbar-title">Avvance</strong>
      <span class="toolbar-summary" data-testid="summary">
        {model.summary}
      </span>
      <span
        class="toolbar-badge toolbar-badge--warn"
        data-testid="dropped-count"
        hidden={model.dropped.value === 0}
        title={`Only the latest ${MAX_CAPTURED_EXCHANGES} calls are kept; older ones were dropped.`}
      >
        {droppedText}
      </span>
      <span
        class="toolbar-badge toolbar-badge--warn"
        data-testid="problem-count"
        hidden={model.problemCount.value === 0}
        title="Avvance calls that were seen but could not be read."
      >
        {problemText}
      </span>
      <span class="toolbar-spacer" />
      <button type="button" class="toolbar-button" data-testid="clear" onClick={() => model.clear()}>
        Clear
      </button>
    </header>
  );
}
