import type { JourneyDetail } from '../models/journeys-model.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { CapsuleButton } from './capsule-dialog.tsx';

/** The Journeys tab: flows on the left; the chosen flow's timeline and state machine on the right. */
export function JourneysView({ model }: { model: PanelViewModelInstance }) {
  const journeys = model.journeys;
  const rows = journeys.rows.value;
  const detail = journeys.selected.value;
  if (rows.length === 0) {
    return (
      <div class="empty-state" data-testid="journeys-empty">
        <p class="empty-state-title">No journeys yet</p>
        <p>Calls that share a Correlation-ID, partnerSessionId or applicationGUID are grouped here.</p>
      </div>
    );
  }
  return (
    <main class="panel-body">
      <section class="journey-list" aria-label="Journeys">
        <table class="grid-table" data-testid="journeys">
          <thead>
            <tr>
              <th scope="col">Journey</th>
              <th scope="col">State</th>
              <th scope="col">Calls</th>
              <th scope="col">Errors</th>
              <th scope="col">Last</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                data-testid="journey-row"
                class={r.id === detail?.flow.id ? 'is-selected' : ''}
                aria-selected={r.id === detail?.flow.id}
                onClick={() => journeys.select(r.id)}
              >
                <td data-col="label">{r.label}</td>
                <td data-col="state">
                  <span class={`state-badge state-badge--${r.state}`}>{r.stateLabel}</span>
                </td>
                <td data-col="count">{r.count}</td>
                <td data-col="errors" class={r.errorCount > 0 ? 'has-errors' : ''}>
                  {r.errorCount}
                </td>
                <td data-col="last">{r.lastAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {detail ? <JourneyDetailView model={model} detail={detail} /> : null}
    </main>
  );
}

function JourneyDetailView({ model, detail }: { model: PanelViewModelInstance; detail: JourneyDetail }) {
  const { flow, timeline, states } = detail;
  return (
    <section class="detail" data-testid="journey-detail" aria-label="Selected journey">
      <header class="detail-header">
        <strong>{flow.label}</strong>
        <CapsuleButton model={model} flowId={flow.id} />
      </header>
      <h3 class="section-title">State</h3>
      <ol class="state-machine" data-testid="state-machine">
        {states.map((s) => (
          <li
            key={s.info.state}
            class={`state${s.current ? ' state--current' : ''}${s.next ? ' state--next' : ''}`}
            aria-current={s.current ? 'step' : undefined}
          >
            {s.info.label}
          </li>
        ))}
      </ol>
      {flow.expectedNext.length > 0 ? (
        <p class="journey-next" data-testid="journey-next">
          Next: {flow.expectedNext.join('; ')}
        </p>
      ) : null}
      <h3 class="section-title">Timeline</h3>
      <ol class="timeline" data-testid="timeline">
        {timeline.map((row) => (
          <li key={row.id} class={`timeline-item exchange-row--${row.statusKind}`}>
            <button type="button" class="timeline-button" onClick={() => model.openCall(row.id)}>
              <span class="timeline-time">{row.time}</span>
              <span class={`source-badge source-badge--${row.source}`}>{row.source}</span>
              <span class="timeline-method">{row.method}</span>
              <span class="timeline-path">{row.path}</span>
              <span class="cell--status">{row.status}</span>
              <span class="timeline-duration">{row.duration}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
