import type { DraftRow } from '../builder/request-draft.ts';

/** Editable name/value rows (headers or query parameters) with add and remove. */
export function BuilderRows({
  title,
  rows,
  testId,
  onChange,
}: {
  title: string;
  rows: readonly DraftRow[];
  testId: string;
  /** `row` undefined removes; `index === rows.length` adds. */
  onChange(index: number, row: DraftRow | undefined): void;
}) {
  return (
    <fieldset class="builder-rows" data-testid={testId}>
      <legend>{title}</legend>
      {rows.map((r, i) => (
        <div class="builder-row" key={i}>
          <input
            class="builder-input builder-input--name"
            aria-label={`${title} name`}
            value={r.name}
            onInput={(e) => onChange(i, { ...r, name: (e.currentTarget as HTMLInputElement).value })}
          />
          <input
            class="builder-input"
            aria-label={r.name || `${title} value`}
            data-name={r.name}
            value={r.value}
            onInput={(e) => onChange(i, { ...r, value: (e.currentTarget as HTMLInputElement).value })}
          />
          <button type="button" class="icon-button" title="Remove" onClick={() => onChange(i, undefined)}>
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        class="link-button"
        onClick={() => onChange(rows.length, { name: '', value: '' })}
      >
        + add
      </button>
    </fieldset>
  );
}
