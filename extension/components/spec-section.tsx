import type { SpecReport } from '../insights/spec-check.ts';

/** The spec check and error explanation of the selected call. */
export function SpecSection({ report }: { report: SpecReport | undefined }) {
  if (!report) return null;
  const { operation, issues, error } = report;
  return (
    <>
      {error ? (
        <div class="insight insight--error" data-testid="error-insight">
          <strong>{error.code}</strong> — {error.message || error.catalogueMessage}
          {error.hint ? <div class="insight-hint">{error.hint}</div> : null}
          {error.details.length > 0 ? (
            <ul class="insight-details">
              {error.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <details class="detail-section" open={issues.length > 0}>
        <summary data-testid="spec-summary">
          Spec check:{' '}
          {operation ? (
            <>
              <code>{operation.operationId}</code>{' '}
              {issues.length === 0 ? (
                <span class="spec-ok">conforms</span>
              ) : (
                <span class="spec-bad">
                  {issues.length} {issues.length === 1 ? 'problem' : 'problems'}
                </span>
              )}
            </>
          ) : (
            <span class="spec-none">not a documented Avvance operation</span>
          )}
        </summary>
        {operation ? (
          <p class="spec-operation">
            {operation.method} {operation.path} — {operation.summary}
          </p>
        ) : null}
        {issues.length > 0 ? (
          <ul class="spec-issues" data-testid="spec-issues">
            {issues.map((i) => (
              <li key={`${i.where}|${i.path}|${i.message}`}>
                <span class="spec-where">{i.where}</span> <code>{i.path || '(body)'}</code> {i.message}
              </li>
            ))}
          </ul>
        ) : null}
      </details>
    </>
  );
}
