import './filters-capsules.css';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { MAX_CAPSULE_NOTE } from '../capsules/capsule.ts';
import { journeyCapsule } from '../capsules/capsule-io.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { downloadText } from '../utils/download.ts';

/**
 * "Share as capsule" for a journey: a dialog for the note, then one masked HAR 1.2 file with the
 * journey's calls and metadata is downloaded. There is no relay link: the relay stores no files.
 */
export function CapsuleButton({ model, flowId }: { model: PanelViewModelInstance; flowId: string }) {
  const open = useSignal(false);
  const note = useSignal('');
  const status = useSignal('');
  const dialogRef = useRef<HTMLDialogElement>(null);
  const membership = model.capture.flowOfExchange.value;
  const calls = model.capture.exchanges.value.filter((e) => membership.get(e.id) === flowId);
  const correlationIds = new Set(
    calls
      .map(
        (e) =>
          Object.entries(e.masked.request.headers).find(([k]) => k.toLowerCase() === 'correlation-id')?.[1],
      )
      .filter((v) => v !== undefined),
  ).size;
  const environments = [...new Set(calls.map((e) => e.original.environment).filter((v) => v !== undefined))];

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open.value && !dialog.open) dialog.showModal();
    else if (!open.value && dialog.open) dialog.close();
  }, [open.value]);

  const download = (e: Event): void => {
    e.preventDefault();
    const file = journeyCapsule(model, flowId, note.value);
    if (!file) {
      status.value = 'This journey has no calls left to share';
      return;
    }
    downloadText(file.fileName, file.text);
    status.value = `Downloaded ${file.fileName}: ${file.calls} ${file.calls === 1 ? 'call' : 'calls'}, masked${
      file.droppedBodies > 0 ? ` (${file.droppedBodies} large bodies left out)` : ''
    }`;
    open.value = false;
  };

  return (
    <>
      <button
        type="button"
        class="toolbar-button"
        data-testid="share-capsule"
        title="Download this journey as one masked HAR file with a note, for a teammate"
        onClick={() => {
          status.value = '';
          open.value = true;
        }}
      >
        Share as capsule
      </button>
      <span class="toolbar-status" role="status" data-testid="capsule-status">
        {status.value}
      </span>
      <dialog
        ref={dialogRef}
        class="capsule-dialog"
        aria-labelledby="capsule-dialog-title"
        data-testid="capsule-dialog"
        onClose={() => {
          open.value = false;
        }}
      >
        <form method="dialog" onSubmit={download}>
          <h2 id="capsule-dialog-title">Share journey as a bug capsule</h2>
          <label for="capsule-note">Note for your teammate</label>
          <textarea
            id="capsule-note"
            data-testid="capsule-note"
            maxLength={MAX_CAPSULE_NOTE}
            placeholder="What happened, what you expected, how to reproduce…"
            value={note.value}
            onInput={(e) => {
              note.value = (e.currentTarget as HTMLTextAreaElement).value;
            }}
          />
          <p class="capsule-dialog-facts" data-testid="capsule-facts">
            {calls.length} {calls.length === 1 ? 'call' : 'calls'} · {correlationIds} correlation{' '}
            {correlationIds === 1 ? 'id' : 'ids'}
            {environments.length > 0 ? ` · ${environments.join(', ')}` : ''} · masked HAR 1.2 (PII and secrets
            replaced by tokens)
          </p>
          <div class="capsule-dialog-actions">
            <button type="button" class="toolbar-button" onClick={() => (open.value = false)}>
              Cancel
            </button>
            <button type="submit" class="toolbar-button" data-testid="capsule-download">
              Download capsule
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** What an opened bug capsule says about itself: the note, versions, environments, correlation ids. */
export function CapsuleBanner({ model }: { model: PanelViewModelInstance }) {
  const meta = model.capsule.value;
  if (!meta) return null;
  return (
    <section class="capsule-banner" aria-label="Bug capsule" data-testid="capsule-banner">
      <strong>Bug capsule</strong>
      <dl>
        <dt>created</dt>
        <dd data-testid="capsule-created">{meta.createdAt || 'unknown'}</dd>
      </dl>
      <dl>
        <dt>by</dt>
        <dd data-testid="capsule-workbench">
          {meta.workbench.name} {meta.workbench.version}
        </dd>
      </dl>
      <dl>
        <dt>environment</dt>
        <dd data-testid="capsule-environments">{meta.environments.join(', ') || 'unknown'}</dd>
      </dl>
      <dl>
        <dt>correlation ids</dt>
        <dd data-testid="capsule-correlation-ids">
          {meta.correlationIds.length === 0
            ? 'none'
            : meta.correlationIds.map((id) => (
                <code key={id} class="capsule-id">
                  {id}{' '}
                </code>
              ))}
        </dd>
      </dl>
      {meta.note ? (
        <p class="capsule-banner-note" data-testid="capsule-note-shown">
          {meta.note}
        </p>
      ) : null}
    </section>
  );
}
