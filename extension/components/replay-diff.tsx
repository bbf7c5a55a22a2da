import type { ResponseDiff } from '../builder/json-diff.ts';

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** The differences between an original response and its replay: status, headers, JSON body. */
export function ReplayDiff({ diff }: { diff: ResponseDiff }) {
  if (diff.same) {
    return (
      <p class="replay-same" data-testid="replay-diff" data-same="true">
        Same response (only dates and ids differ).
      </p>
    );
  }
  return (
    <section class="replay-diff" data-testid="replay-diff" aria-label="Differences">
      <h4>Differences</h4>
      <table class="grid-table">
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Original</th>
            <th scope="col">Replay</th>
          </tr>
        </thead>
        <tbody>
          {diff.status.changed ? (
            <tr class="diff-changed" data-testid="diff-status">
              <td>status</td>
              <td>{diff.status.before}</td>
              <td>{diff.status.after}</td>
            </tr>
          ) : null}
          {diff.headers.map((h) => (
            <tr key={`h:${h.name}`} class="diff-changed" data-testid="diff-header">
              <td>header {h.name}</td>
              <td>{show(h.before)}</td>
              <td>{show(h.after)}</td>
            </tr>
          ))}
          {diff.body.entries.map((e) => (
            <tr key={`b:${e.path}`} class={`diff-${e.kind}`} data-testid="diff-body" data-kind={e.kind}>
              <td>
                <code>body {e.path || '/'}</code>
              </td>
              <td>{e.kind === 'added' ? '—' : show(e.before)}</td>
              <td>{e.kind === 'removed' ? '—' : show(e.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff.body.truncated > 0 ? <p class="builder-note">{diff.body.truncated} more differences</p> : null}
    </section>
  );
}
