import type { BuilderModelInstance } from '../builder/builder-model.ts';

/** Endpoints of the Avvance OpenAPI document grouped by tag, searchable; replay-blocked ones marked. */
export function BuilderSidebar({ builder }: { builder: BuilderModelInstance }) {
  const selected = builder.draft.value?.operationId;
  return (
    <nav class="builder-sidebar" aria-label="Endpoints">
      <input
        type="search"
        class="builder-search"
        placeholder="Search endpoints"
        data-testid="builder-search"
        value={builder.search.value}
        onInput={(e) => builder.setSearch((e.currentTarget as HTMLInputElement).value)}
      />
      <div class="builder-ops">
        {builder.groups.value.map((g) => (
          <section key={g.tag} class="builder-group">
            <h3 class="builder-group-title">{g.tag}</h3>
            <ul>
              {g.operations.map((op) => (
                <li key={op.operationId}>
                  <button
                    type="button"
                    class={`builder-op${op.operationId === selected ? ' builder-op--selected' : ''}`}
                    data-testid="builder-op"
                    data-operation-id={op.operationId}
                    data-blocked={op.replayBlocked ? 'true' : undefined}
                    title={op.replayBlocked ? `Replay blocked: ${op.replayBlockedReason ?? ''}` : op.summary}
                    onClick={() => builder.selectOperation(op.operationId)}
                  >
                    <span class={`builder-method builder-method--${op.method.toLowerCase()}`}>
                      {op.method}
                    </span>
                    <span class="builder-op-name">{op.operationId}</span>
                    {op.replayBlocked ? (
                      <span class="builder-blocked" title="replay blocked">
                        blocked
                      </span>
                    ) : null}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {builder.groups.value.length === 0 ? <p class="builder-note">No endpoint matches.</p> : null}
      </div>
    </nav>
  );
}
