import { useComputed, useSignal } from '@preact/signals';
import type { Ref } from 'preact';
import { importCapsuleText } from '../capsules/capsule-io.ts';
import { MAX_CAPTURED_EXCHANGES } from '../models/capture-model.ts';
import { exportVisibleHar, type HarImportOutcome } from '../models/har-io.ts';
import type { PanelTab, PanelViewModelInstance } from '../models/panel-view-model.ts';
import { downloadText, harFileName } from '../utils/download.ts';
import { BackgroundCaptureToggle } from './background-capture-toggle.tsx';
import { CapsuleBanner } from './capsule-dialog.tsx';
import { FilterBar } from './filter-bar.tsx';

const TABS: readonly { id: PanelTab; label: string }[] = [
  { id: 'calls', label: 'Calls' },
  { id: 'journeys', label: 'Journeys' },
  { id: 'errors', label: 'Errors' },
  { id: 'builder', label: 'Builder' },
];

/**
 * Top bars: record/pause, clear, filter, traffic and preserve-log toggles, HAR export/import; then the
 * view tabs, counts, and the dropped/problem/import badges.
 */
export function Toolbar({
  model,
  filterRef,
}: {
  model: PanelViewModelInstance;
  filterRef: Ref<HTMLInputElement>;
}) {
  const capture = model.capture;
  const importOutcome = useSignal<HarImportOutcome | undefined>(undefined);
  const exported = useSignal('');
  const droppedText = useComputed(() => (model.dropped.value > 0 ? `${model.dropped.value} dropped` : ''));
  const problemText = useComputed(() =>
    model.problemCount.value > 0 ? `${model.problemCount.value} not recorded` : '',
  );
  const errorCount = model.errors.value.reduce((n, g) => n + g.count, 0);
  const paused = capture.paused.value;
  const origin = capture.origin.value;

  const onImport = async (e: Event): Promise<void> => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    // A bug capsule is a HAR with metadata: one import path opens both.
    importOutcome.value = importCapsuleText(model, file.name, await file.text());
  };

  const onExport = (): void => {
    const { text, entries } = exportVisibleHar(model);
    downloadText(harFileName(), text);
    exported.value = `Exported ${entries} ${entries === 1 ? 'call' : 'calls'} (masked)`;
  };

  const outcome = importOutcome.value;
  return (
    <header class="toolbar">
      <div class="toolbar-row">
        <button
          type="button"
          class={`icon-button record${paused ? '' : ' record--on'}`}
          data-testid="pause"
          aria-pressed={paused}
          disabled={origin.kind !== 'live'}
          title={paused ? 'Resume recording' : 'Pause recording'}
          onClick={() => capture.setPaused(!paused)}
        >
          <span class="record-dot" aria-hidden="true" />
          <span class="visually-hidden">{paused ? 'Resume recording' : 'Pause recording'}</span>
        </button>
        <button
          type="button"
          class="icon-button"
          data-testid="clear"
          title="Clear"
          onClick={() => model.clear()}
        >
          ⊘
        </button>
        <FilterBar model={model} inputRef={filterRef} />
        <label class="toggle" title="Also list non-Avvance calls (without bodies)">
          <input
            type="checkbox"
            data-testid="all-traffic"
            checked={capture.captureOther.value}
            onChange={(e) => capture.setCaptureOther((e.currentTarget as HTMLInputElement).checked)}
          />
          All traffic
        </label>
        <label class="toggle" title="Keep calls when the page navigates">
          <input
            type="checkbox"
            data-testid="preserve-log"
            checked={model.preserveLog.value}
            onChange={(e) => model.setPreserveLog((e.currentTarget as HTMLInputElement).checked)}
          />
          Preserve log
        </label>
        <BackgroundCaptureToggle />
        <button
          type="button"
          class="toolbar-button"
          data-testid="export-har"
          title="Download the listed calls as HAR 1.2, masked"
          onClick={onExport}
        >
          Export HAR
        </button>
        <label class="toolbar-button" title="Open a HAR file or a bug capsule in the panel">
          Import HAR
          <input
            type="file"
            accept=".har,application/json"
            class="visually-hidden"
            data-testid="import-har"
            onChange={(e) => void onImport(e)}
          />
        </label>
      </div>
      <div class="toolbar-row toolbar-row--tabs">
        <div class="tabs" role="tablist" aria-label="Views">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              class="tab"
              data-testid={`tab-${t.id}`}
              aria-selected={model.tab.value === t.id}
              onClick={() => model.setTab(t.id)}
            >
              {t.label}
              {t.id === 'errors' && errorCount > 0 ? <span class="tab-count">{errorCount}</span> : null}
            </button>
          ))}
        </div>
        <span class="toolbar-summary" data-testid="summary">
          {model.summary}
        </span>
        {paused ? <span class="toolbar-badge toolbar-badge--warn">Paused</span> : null}
        {origin.kind === 'import' ? (
          <span class="toolbar-badge" data-testid="imported">
            Imported: {origin.name}{' '}
            <button type="button" class="link-button" onClick={() => capture.backToLive()}>
              back to live
            </button>
          </span>
        ) : null}
        {outcome && !outcome.ok ? (
          <span class="toolbar-badge toolbar-badge--error" data-testid="import-error" role="alert">
            {outcome.name}: {outcome.error}
          </span>
        ) : null}
        {outcome?.ok && outcome.skipped > 0 ? (
          <span class="toolbar-badge toolbar-badge--warn">{outcome.skipped} entries skipped</span>
        ) : null}
        <span class="toolbar-status" data-testid="export-status" role="status">
          {exported}
        </span>
        <span class="toolbar-spacer" />
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
      </div>
      <CapsuleBanner model={model} />
    </header>
  );
}
