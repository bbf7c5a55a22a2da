import './builder.css';
import { getOperation } from '../../shared/src/openapi/index.ts';
import { builderFor } from '../builder/panel-builder.ts';
import { fillPath } from '../builder/request-draft.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { BuilderBody } from './builder-body.tsx';
import { BuilderResponse } from './builder-response.tsx';
import { BuilderRows } from './builder-rows.tsx';
import { BuilderSidebar } from './builder-sidebar.tsx';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The Builder tab: endpoints sidebar, the request form (path parameters, query, headers, JSON body with
 * schema lint and completion), Send through the relay, and the response (or the replay diff).
 */
export function BuilderView({ model }: { model: PanelViewModelInstance }) {
  const builder = builderFor(model);
  const draft = builder.draft.value;
  const op = builder.operation.value;
  const state = builder.state.value;
  const original = draft?.replayOf
    ? model.capture.exchanges.value.find((e) => e.id === draft.replayOf)
    : undefined;
  return (
    <main class="builder" data-testid="builder">
      <BuilderSidebar builder={builder} />
      {draft ? (
        <section class="builder-main" aria-label="Request">
          <div class="builder-line">
            <select
              class="builder-input builder-input--method"
              data-testid="builder-method"
              value={draft.method}
              onChange={(e) => builder.update({ method: (e.currentTarget as HTMLSelectElement).value })}
            >
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
            <input
              class="builder-input builder-input--path"
              data-testid="builder-path"
              aria-label="Path"
              value={draft.path}
              onInput={(e) => builder.update({ path: (e.currentTarget as HTMLInputElement).value })}
            />
            <button
              type="button"
              class="toolbar-button toolbar-button--primary"
              data-testid="builder-send"
              disabled={state.kind === 'sending'}
              onClick={() => void builder.send()}
            >
              Send
            </button>
          </div>
          <p class="builder-note" data-testid="builder-summary">
            {op ? `${op.operationId} — ${op.summary}` : 'Not a documented Avvance operation.'}
            {op?.replayBlocked ? (
              <span class="builder-blocked-note" data-testid="builder-blocked-note">
                {' '}
                Replay blocked: the relay refuses to replay this endpoint: {op.replayBlockedReason}
              </span>
            ) : null}
            {draft.replayOf ? (
              <span data-testid="builder-replay-of">
                {' '}
                · replaying call{' '}
                <button type="button" class="link-button" onClick={() => model.openCall(draft.replayOf!)}>
                  {original
                    ? `${original.masked.request.method} ${fillPath(draft.path, draft.pathParams)}`
                    : draft.replayOf}
                </button>{' '}
                (
                {draft.bodySource === 'original'
                  ? 'original body, local only'
                  : draft.bodySource === 'masked'
                    ? 'masked body: no original in this panel'
                    : 'no body'}
                )
              </span>
            ) : null}
          </p>
          {Object.keys(draft.pathParams).length > 0 ? (
            <fieldset class="builder-rows" data-testid="builder-path-params">
              <legend>Path parameters</legend>
              {Object.entries(draft.pathParams).map(([name, value]) => (
                <div class="builder-row" key={name}>
                  <span class="builder-param-name">{name}</span>
                  <input
                    class="builder-input"
                    aria-label={name}
                    value={value}
                    onInput={(e) => builder.setPathParam(name, (e.currentTarget as HTMLInputElement).value)}
                  />
                </div>
              ))}
            </fieldset>
          ) : null}
          <BuilderRows title="Query" rows={draft.query} testId="builder-query" onChange={builder.setQuery} />
          <BuilderRows
            title="Headers"
            rows={draft.headers}
            testId="builder-headers"
            onChange={builder.setHeader}
          />
          {draft.method !== 'GET' && draft.method !== 'HEAD' ? (
            <BuilderBody
              text={draft.bodyText}
              schema={
                op?.requestSchema ??
                (draft.operationId ? getOperation(draft.operationId)?.requestSchema : undefined)
              }
              issues={builder.bodyIssues.value}
              onChange={builder.setBody}
            />
          ) : null}
          <BuilderResponse state={state} onRetry={() => void builder.send()} />
        </section>
      ) : (
        <section class="builder-main builder-main--empty" data-testid="builder-empty">
          <p class="empty-state-title">Build a request</p>
          <p>
            Pick an endpoint on the left, or use <strong>Edit &amp; replay</strong> on a captured call.
            Requests go through the relay with your partner's credentials (Options: relay URL and sign-in).
          </p>
        </section>
      )}
    </main>
  );
}
