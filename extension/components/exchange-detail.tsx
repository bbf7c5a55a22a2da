import type { ExchangeTimings } from '../../shared/src/model/exchange.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { traceOf } from '../models/trace-context.ts';
import { formatDuration } from '../utils/format.ts';
import { BodyPane } from './body-pane.tsx';
import { DetailActions } from './detail-actions.tsx';
import { KeyValueSection } from './kv-table.tsx';
import { SpecSection } from './spec-section.tsx';

const PHASES = ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait', 'receive'] as const;

function timingText(t: ExchangeTimings): string {
  const parts = PHASES.flatMap((p) => {
    const v = t[p];
    return v !== undefined && v >= 0 ? [`${p} ${formatDuration(v)}`] : [];
  });
  return parts.length > 0 ? parts.join(' · ') : '—';
}

function queryEntries(url: string): [string, string][] {
  try {
    return [...new URL(url).searchParams.entries()];
  } catch {
    return [];
  }
}

/**
 * The selected call: masked headers, query and bodies (read-only CodeMirror), timing, masked fields,
 * spec check and error explanation, flow; reveal (local only) and copy actions.
 */
export function ExchangeDetailPane({ model }: { model: PanelViewModelInstance }) {
  const detail = model.selected.value;
  if (!detail) {
    return (
      <section class="detail detail--empty" data-testid="detail-empty">
        <p>Select a call to see its masked headers and bodies.</p>
        <p class="detail-keys">
          <kbd>/</kbd> filter · <kbd>↑</kbd>/<kbd>↓</kbd> move in the list · <kbd>Esc</kbd> clear the filter
        </p>
      </section>
    );
  }
  const { findings, flow, row } = detail;
  // What is displayed: the original only while revealed, otherwise the masked copy.
  const shown = detail.revealed ?? detail.exchange;
  const response = shown.response;
  const revealed = detail.revealed !== undefined;
  const query = queryEntries(shown.request.url);
  const trace = traceOf(detail.exchange);
  return (
    <section
      class={`detail${revealed ? ' detail--revealed' : ''}`}
      data-testid="detail"
      aria-label="Selected call"
    >
      <header class="detail-header">
        <span class={`status status--${row.statusKind}`} data-testid="detail-status">
          {row.status}
        </span>
        <span class="detail-method">{shown.request.method}</span>
        <span class="detail-url" data-testid="detail-url">
          {shown.request.url}
        </span>
      </header>
      <DetailActions
        key={detail.exchange.id}
        model={model}
        masked={detail.exchange}
        original={detail.revealed}
      />
      <dl class="detail-facts">
        <dt>Duration</dt>
        <dd data-testid="detail-duration">{row.duration}</dd>
        <dt>Timing</dt>
        <dd class="detail-timing">{timingText(shown.timings)}</dd>
        <dt>Source</dt>
        <dd>
          <span class={`source-badge source-badge--${shown.source}`}>{shown.source}</span>
          {detail.exchange.recordedBeforeDevtools ? (
            <span class="toolbar-badge" data-testid="recorded-before-devtools">
              recorded before DevTools opened
            </span>
          ) : null}
        </dd>
        {detail.exchange.recordedBeforeDevtools ? (
          <>
            <dt>Recorded</dt>
            <dd data-testid="recorded-before-note">
              By background capture in the page, before DevTools was opened. It was masked when it was
              recorded, so there is no original to reveal.
            </dd>
          </>
        ) : null}
        {trace ? (
          <>
            <dt>Trace</dt>
            <dd
              data-testid="detail-trace"
              title={`W3C trace context from the relay's tracing (span ${trace.spanId}${trace.sampled ? ', sampled' : ''}): search this trace id in your tracing backend`}
            >
              {trace.traceId}
            </dd>
          </>
        ) : null}
        <dt>Masked</dt>
        <dd>
          <span data-testid="masked-count">
            {findings.length} {findings.length === 1 ? 'field' : 'fields'}
          </span>
          {findings.length > 0 ? (
            <span class="finding-badges">
              {[...new Set(findings.map((f) => f.kind))].map((k) => (
                <span key={k} class="finding-badge">
                  {k}
                </span>
              ))}
            </span>
          ) : null}
        </dd>
        <dt>Flow</dt>
        <dd data-testid="detail-flow">
          {flow ? `${flow.label} · ${flow.state}` : '—'}
          {flow && flow.expectedNext.length > 0 ? (
            <span class="detail-next"> · next: {flow.expectedNext.join('; ')}</span>
          ) : null}
        </dd>
        {response?.error !== undefined ? (
          <>
            <dt>Error</dt>
            <dd>{response.error}</dd>
          </>
        ) : null}
      </dl>
      <SpecSection report={model.spec.value} />
      {findings.length > 0 ? (
        <details class="detail-section">
          <summary>Masked fields</summary>
          <ul class="findings" data-testid="findings">
            {findings.map((f) => (
              <li key={`${f.path}|${f.kind}`}>
                <code>{f.path}</code> <span class="finding-kind">{f.kind}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <BodyPane
        title="Request body"
        body={shown.request.body}
        status={shown.requestBodyStatus}
        testId="request-body"
        revealed={revealed}
      />
      {response ? (
        <BodyPane
          title="Response body"
          body={response.body}
          status={shown.responseBodyStatus}
          testId="response-body"
          revealed={revealed}
        />
      ) : (
        <p class="detail-pending">Waiting for the response…</p>
      )}
      {query.length > 0 ? <KeyValueSection title="Query" entries={query} testId="query" /> : null}
      <KeyValueSection
        title="Request headers"
        entries={Object.entries(shown.request.headers)}
        testId="request-headers"
      />
      {response ? (
        <KeyValueSection
          title="Response headers"
          entries={Object.entries(response.headers)}
          testId="response-headers"
        />
      ) : null}
    </section>
  );
}
