import { editAndReplay } from '../builder/panel-builder.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { formatClockTime } from '../utils/format.ts';

/** The Errors tab: failed calls grouped by error code and endpoint, with counts and last seen. */
export function ErrorsView({ model }: { model: PanelViewModelInstance }) {
  const groups = model.errors.value;
  if (groups.length === 0) {
    return (
      <div class="empty-state" data-testid="errors-empty">
        <p class="empty-state-title">No errors</p>
        <p>Calls answered with status 400 or above, or that failed on the network, are grouped here.</p>
      </div>
    );
  }
  return (
    <section class="errors-view" aria-label="Errors">
      <table class="grid-table" data-testid="errors">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Message and fix</th>
            <th scope="col">Count</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key} data-testid="error-row" onClick={() => model.openCall(g.lastExchangeId)}>
              <td data-col="code" class="has-errors">
                {g.code}
              </td>
              <td data-col="endpoint">{g.endpoint}</td>
              <td data-col="message">
                {g.message}
                {g.hint ? <div class="insight-hint">{g.hint}</div> : null}
              </td>
              <td data-col="count">{g.count}</td>
              <td data-col="last">{formatClockTime(g.lastSeen)}</td>
              <td data-col="actions">
                <button
                  type="button"
                  class="toolbar-button toolbar-button--small"
                  data-testid="error-retry"
                  title="Send the latest call of this group again through the relay, and compare"
                  onClick={(e) => {
                    e.stopPropagation();
                    editAndReplay(model, g.lastExchangeId, true);
                  }}
                >
                  Retry
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
