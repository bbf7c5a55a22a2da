import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { SendState } from '../builder/builder-model.ts';
import { statusKindOf } from '../models/exchange-row.ts';
import { formatDuration } from '../utils/format.ts';
import { BodyPane } from './body-pane.tsx';
import { KeyValueSection } from './kv-table.tsx';
import { ReplayDiff } from './replay-diff.tsx';
import { ReplayError } from './replay-error.tsx';

function ResponseColumn({
  title,
  exchange,
  ms,
  testId,
}: {
  title: string;
  exchange: Exchange;
  ms?: number;
  testId: string;
}) {
  const r = exchange.response;
  const status = r?.status ?? 0;
  return (
    <div class="builder-response-col" data-testid={testId}>
      <header class="detail-header">
        <span class="builder-col-title">{title}</span>
        <span class={`status status--${statusKindOf(exchange)}`} data-testid={`${testId}-status`}>
          {status || 'error'}
        </span>
        <span class="builder-time" data-testid={`${testId}-time`}>
          {formatDuration(ms ?? r?.duration)}
        </span>
      </header>
      {r?.error ? <p class="relay-error-note">{r.error}</p> : null}
      <BodyPane
        title="Response body"
        body={r?.body}
        status={exchange.responseBodyStatus}
        testId={`${testId}-body`}
        revealed={false}
      />
      <KeyValueSection
        title="Response headers"
        entries={Object.entries(r?.headers ?? {})}
        testId={`${testId}-headers`}
      />
    </div>
  );
}

/** The last send: the response (masked), or the original and the replay side by side with their diff. */
export function BuilderResponse({ state, onRetry }: { state: SendState; onRetry: () => void }) {
  switch (state.kind) {
    case 'idle':
      return <p class="builder-note">Send the request to see the response here.</p>;
    case 'sending':
      return (
        <p class="builder-note" data-testid="builder-sending">
          Sending through the relay…
        </p>
      );
    case 'invalid':
      return (
        <ul class="builder-issues" role="alert" data-testid="builder-invalid">
          {state.issues.map((i) => (
            <li key={`${i.where}|${i.path}|${i.message}`}>
              {i.where} <code>{i.path}</code>: {i.message}
            </li>
          ))}
        </ul>
      );
    case 'error':
      return <ReplayError error={state.error} onRetry={onRetry} />;
    case 'done':
      return (
        <section class="builder-response" data-testid="builder-response" aria-label="Response">
          {state.original ? (
            <>
              <p class="builder-note" data-testid="replay-of">
                Replay of call <code>{state.exchange.replayOf ?? state.original.id}</code> — original on the
                left.
              </p>
              <ReplayDiff
                diff={
                  state.diff ?? {
                    status: { before: 0, after: 0, changed: false },
                    headers: [],
                    body: { entries: [], truncated: 0 },
                    same: true,
                  }
                }
              />
              <div class="builder-side-by-side">
                <ResponseColumn title="Original" exchange={state.original} testId="original-response" />
                <ResponseColumn
                  title="Replay"
                  exchange={state.exchange}
                  ms={state.ms}
                  testId="replay-response"
                />
              </div>
            </>
          ) : (
            <ResponseColumn
              title="Response"
              exchange={state.exchange}
              ms={state.ms}
              testId="replay-response"
            />
          )}
        </section>
      );
  }
}
