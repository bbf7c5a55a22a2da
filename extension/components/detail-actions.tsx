import { useSignal } from '@preact/signals';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { toCurl, toFetch } from '../../shared/src/snippet/index.ts';
import { editAndReplay } from '../builder/panel-builder.ts';
import { replayability } from '../builder/replayable.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { copyText } from '../utils/clipboard.ts';
import { formatBody } from '../utils/format.ts';

/** How long the "Copied" confirmation stays, in milliseconds. */
const COPIED_MS = 1500;

type CopyKind = 'request' | 'response' | 'curl' | 'fetch';

const LABELS: Record<CopyKind, string> = {
  request: 'Request body',
  response: 'Response body',
  curl: 'cURL',
  fetch: 'fetch',
};

function render(kind: CopyKind, x: Exchange): string {
  switch (kind) {
    case 'request':
      return formatBody(x.request.body);
    case 'response':
      return formatBody(x.response?.body);
    // `x` is either the masked copy (snippets leave it as is) or the original the user chose explicitly.
    case 'curl':
      return toCurl(x, { mask: false });
    case 'fetch':
      return toFetch(x, { mask: false });
  }
}

/**
 * Reveal (local only) and copy actions of the selected call. Copies are masked unless the user ticks
 * "unmasked", which resets with every new selection.
 */
export function DetailActions({
  model,
  masked,
  original,
}: {
  model: PanelViewModelInstance;
  masked: Exchange;
  /** Present only while revealed. */
  original: Exchange | undefined;
}) {
  const unmasked = useSignal(false);
  const copied = useSignal<string>('');
  const revealed = model.revealed.value;
  // Read at render, which the selected call's updates trigger, without subscribing to the whole list
  // (every captured call would re-render this). Calls that arrived masked (a teammate's, the relay stream's,
  // background capture's) have no original.
  const kept = model.capture.exchanges.peek().find((e) => e.id === masked.id)?.original;
  const canReveal = kept?.masked === false;
  const replay = replayability(masked);
  const noOriginal =
    'This call arrived masked (relay stream, teammate or background capture): nothing to reveal';

  const copy = async (kind: CopyKind): Promise<void> => {
    const source = unmasked.value && canReveal ? kept : masked;
    if (!source) return;
    const ok = await copyText(render(kind, source));
    copied.value = ok ? `Copied ${LABELS[kind]}${unmasked.value ? ' (unmasked)' : ''}` : 'Copy failed';
    setTimeout(() => {
      copied.value = '';
    }, COPIED_MS);
  };

  return (
    <div class="detail-actions">
      <label
        class={`toggle${revealed ? ' toggle--revealed' : ''}`}
        title={canReveal ? 'Show the original values in this panel only' : noOriginal}
      >
        <input
          type="checkbox"
          data-testid="reveal"
          disabled={!canReveal}
          checked={revealed && canReveal}
          onChange={(e) => model.setRevealed((e.currentTarget as HTMLInputElement).checked)}
        />
        Reveal
      </label>
      {original ? (
        <span class="revealed-badge" data-testid="revealed-badge">
          revealed — local only
        </span>
      ) : null}
      <button
        type="button"
        class="toolbar-button toolbar-button--small"
        data-testid="edit-replay"
        disabled={!replay.ok}
        title={
          replay.ok
            ? `Open this call in the Builder (${canReveal ? 'original' : 'masked'} body, credentials stripped) and send it through the relay`
            : replay.reason
        }
        onClick={() => editAndReplay(model, masked.id)}
      >
        Edit &amp; replay
      </button>
      <span class="detail-actions-spacer" />
      <span class="copy-label">Copy:</span>
      {(Object.keys(LABELS) as CopyKind[]).map((k) => (
        <button
          key={k}
          type="button"
          class="toolbar-button toolbar-button--small"
          data-testid={`copy-${k}`}
          onClick={() => void copy(k)}
        >
          {LABELS[k]}
        </button>
      ))}
      <label
        class="toggle"
        title={canReveal ? 'Copy original values (your clipboard only; never for sharing)' : noOriginal}
      >
        <input
          type="checkbox"
          data-testid="copy-unmasked"
          disabled={!canReveal}
          checked={unmasked.value && canReveal}
          onChange={(e) => {
            unmasked.value = (e.currentTarget as HTMLInputElement).checked;
          }}
        />
        unmasked
      </label>
      <span class="copied" role="status" data-testid="copied">
        {copied}
      </span>
    </div>
  );
}
