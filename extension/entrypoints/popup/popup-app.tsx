import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { maskExchange } from '../../../shared/src/mask/index.ts';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import { getOperation, listOperations } from '../../../shared/src/openapi/index.ts';
import { asError } from '../../../shared/src/util/error.ts';
import { putPendingDraft } from '../../builder/pending-open.ts';
import {
  addToPopupHistory,
  getPopupHistory,
  type PopupHistoryItem,
  popupMaskSalt,
} from '../../builder/popup-history.ts';
import { draftFromOperation, toReplayInput } from '../../builder/request-draft.ts';
import { ReplayError } from '../../components/replay-error.tsx';
import { extensionStorage, relayClient } from '../../relay-client/browser-client.ts';
import { formatBody, formatDuration } from '../../utils/format.ts';

const DEFAULT_OPERATION = 'createFinancing';

type Result = { exchange: Exchange; ms: number } | { error: Error };

/**
 * The toolbar popup: quick request sender through the relay (endpoint picker, JSON body), the masked
 * response, the last 20 requests (masked, in extension storage) and "open in panel".
 */
export function PopupApp() {
  const storage = extensionStorage();
  const client = relayClient();
  const operationId = useSignal(DEFAULT_OPERATION);
  const body = useSignal('');
  const result = useSignal<Result | undefined>(undefined);
  const sending = useSignal(false);
  const history = useSignal<PopupHistoryItem[]>([]);
  const partnerId = useSignal<string | undefined>(undefined);
  const extraKeys = useSignal<string[]>([]);
  const note = useSignal('');

  const pick = (id: string): void => {
    operationId.value = id;
    const op = getOperation(id);
    body.value = op?.requestExample === undefined ? '' : JSON.stringify(op.requestExample, null, 2);
    result.value = undefined;
  };

  useEffect(() => {
    pick(DEFAULT_OPERATION);
    void getPopupHistory(storage).then((h) => {
      history.value = h;
    });
    void client.getSettings().then((s) => {
      partnerId.value = s.user?.partnerId;
      extraKeys.value = s.extraMaskingKeys;
    });
  }, []);

  const draft = () => {
    const op = getOperation(operationId.value)!;
    return {
      ...draftFromOperation(op, partnerId.value ? { partnerId: partnerId.value } : {}),
      bodyText: body.value,
    };
  };

  const send = async (): Promise<void> => {
    const built = toReplayInput(draft());
    if (!built.ok) {
      result.value = {
        error: new Error(built.issues.map((i) => `${i.where} ${i.path}: ${i.message}`).join('; ')),
      };
      return;
    }
    sending.value = true;
    const t0 = performance.now();
    try {
      const { exchange } = await client.replay(built.input);
      const ms = performance.now() - t0;
      history.value = await addToPopupHistory(storage, exchange, {
        ms,
        operationId: operationId.value,
        extraKeys: extraKeys.value,
      });
      const salt = await popupMaskSalt(storage);
      result.value = { exchange: maskExchange(exchange, { salt, extraKeys: extraKeys.value }).value, ms };
    } catch (e: unknown) {
      result.value = { error: asError(e) };
    } finally {
      sending.value = false;
    }
  };

  const openInPanel = async (): Promise<void> => {
    await putPendingDraft(storage, draft());
    note.value = 'Open DevTools → Avvance → Builder: the request is waiting there.';
  };

  const r = result.value;
  const op = getOperation(operationId.value);
  return (
    <main class="page popup" data-testid="popup">
      <h1>Avvance Workbench</h1>
      <div class="builder-line">
        <select
          class="builder-input"
          data-testid="popup-operation"
          value={operationId.value}
          onChange={(e) => pick((e.currentTarget as HTMLSelectElement).value)}
        >
          {listOperations().map((o) => (
            <option key={o.operationId} value={o.operationId}>
              {o.method} {o.operationId}
              {o.replayBlocked ? ' (replay blocked)' : ''}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="toolbar-button toolbar-button--primary"
          data-testid="popup-send"
          disabled={sending.value}
          onClick={() => void send()}
        >
          Send
        </button>
      </div>
      <p class="builder-note">{op ? `${op.path} — ${op.summary}` : ''}</p>
      {op?.requestSchema ? (
        <textarea
          data-testid="popup-body"
          aria-label="JSON body"
          spellcheck={false}
          value={body.value}
          onInput={(e) => {
            body.value = (e.currentTarget as HTMLTextAreaElement).value;
          }}
        />
      ) : null}
      {sending.value ? <p class="builder-note">Sending through the relay…</p> : null}
      {r && 'error' in r ? <ReplayError error={r.error} onRetry={() => void send()} /> : null}
      {r && 'exchange' in r ? (
        <section data-testid="popup-result">
          <p>
            <strong data-testid="popup-status">{r.exchange.response?.status ?? 'error'}</strong> ·{' '}
            <span data-testid="popup-time">{formatDuration(r.ms)}</span> · masked
          </p>
          <pre class="body-viewer" data-testid="popup-response-body">
            {formatBody(r.exchange.response?.body)}
          </pre>
        </section>
      ) : null}
      <div class="builder-line">
        <button
          type="button"
          class="toolbar-button"
          data-testid="popup-open-panel"
          onClick={() => void openInPanel()}
        >
          Open in panel
        </button>
        <span class="builder-note" role="status">
          {note}
        </span>
      </div>
      <h2>History (last 20, masked)</h2>
      {history.value.length === 0 ? (
        <p class="builder-note">No requests yet.</p>
      ) : (
        <ul class="history" data-testid="popup-history">
          {history.value.map((h) => (
            <li key={`${h.id}-${h.at}`} data-testid="popup-history-item">
              <span>{new Date(h.at).toLocaleTimeString()}</span>
              <span>{h.status || 'error'}</span>
              <span>{h.method}</span>
              <span>{h.operationId ?? h.path}</span>
              <span>{formatDuration(h.ms)}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
