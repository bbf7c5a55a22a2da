import type { BodyStatus } from '../../shared/src/model/exchange.ts';
import type { HeaderMap } from '../../shared/src/model/logs.ts';
import type { ExchangeDetail, PanelViewModelInstance } from '../models/panel-view-model.ts';
import { formatBody } from '../utils/format.ts';

/** Why a body is not shown, for lossy body states. */
const BODY_STATUS_TEXT: Record<Exclude<BodyStatus, 'complete'>, string> = {
  absent: 'No body.',
  binary: 'Binary body (not shown).',
  'discarded:too-large': 'Body too large: not kept.',
  unavailable: 'Body not available (DevTools did not provide it).',
};

/** The selected call: masked headers and bodies, masked-field count and its flow. */
export function ExchangeDetailPane({ model }: { model: PanelViewModelInstance }) {
  const detail = model.selected.value;
  if (!detail) {
    return (
      <section class="detail detail--empty" data-testid="detail-empty">
        <p>Select a call to see its masked headers and bodies.</p>
      </section>
    );
  }
  return <DetailView detail={detail} />;
}

function DetailView({ detail }: { detail: ExchangeDetail }) {
  const { exchange, findings, flow, row } = detail;
  const response = exchange.response;
  return (
    <section class="detail" data-testid="detail" aria-label="Selected call">
      <header class="detail-header">
        <span class={`status status--${row.statusKind}`} data-testid="detail-status">
          {row.status}
        </span>
        <span class="detail-method">{exchange.request.method}</span>
        <span class="detail-url" data-testid="detail-url">
          {exchange.request.url}
        </span>
      </header>
      <dl class="detail-facts">
        <dt>Duration</dt>
        <dd>{row.duration}</dd>
        <dt>Masked</dt>
        <dd data-testid="masked-count">
          {findings.length} {findings.length === 1 ? 'field' : 'fields'}
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
      <BodySection
        title="Request body"
        body={exchange.request.body}
        status={exchange.requestBodyStatus}
        testId="request-body"
      />
      {response ? (
        <BodySection
          title="Response body"
          body={response.body}
          status={exchange.responseBodyStatus}
          testId="response-body"
        />
      ) : (
        <p class="detail-pending">Waiting for the response…</p>
      )}
      <HeadersSection title="Request headers" headers={exchange.request.headers} testId="request-headers" />
      {response ? (
        <HeadersSection title="Response headers" headers={response.headers} testId="response-headers" />
      ) : null}
    </section>
  );
}

function HeadersSection({ title, headers, testId }: { title: string; headers: HeaderMap; testId: string }) {
  const entries = Object.entries(headers);
  return (
    <details class="detail-section" open>
      <summary>
        {title} ({entries.length})
      </summary>
      <table class="headers" data-testid={testId}>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

interface BodySectionProps {
  title: string;
  body: unknown;
  status: BodyStatus;
  testId: string;
}

function BodySection({ title, body, status, testId }: BodySectionProps) {
  return (
    <details class="detail-section" open>
      <summary>{title}</summary>
      {status === 'complete' && body !== undefined ? (
        <pre class="body" data-testid={testId}>
          {formatBody(body)}
        </pre>
      ) : (
        <p class="body-note" data-testid={testId}>
          {status === 'complete' ? BODY_STATUS_TEXT.absent : BODY_STATUS_TEXT[status]}
        </p>
      )}
    </details>
  );
}
