import type { Ref } from 'preact';
import { timeFilterKeystroke } from '../models/panel-timing.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { SavedFiltersMenu, SharedFilterNotices } from './saved-filters-menu.tsx';

/**
 * The filter box (docs/filter.md). Problems are underlined in place through a mirror of the text
 * behind the transparent input, and explained with their column under it. `/` focuses it, Esc clears
 * it (and blurs it when already empty). With saved filters, a "Saved" menu sits beside it, and filters
 * teammates share show as notices.
 */
export function FilterBar({
  model,
  inputRef,
}: {
  model: PanelViewModelInstance;
  inputRef: Ref<HTMLInputElement>;
}) {
  const text = model.filterText.value;
  const errors = model.filterErrors.value;
  const first = errors[0];
  const saved = model.savedFilters.value;
  const apply = (query: string): void => model.setFilter(query);
  return (
    <div class={`filter${first ? ' filter--error' : ''}`}>
      <div class="filter-field">
        <div class="filter-mirror" aria-hidden="true">
          {first ? (
            <>
              {text.slice(0, first.from)}
              <span class="filter-error-range" data-testid="filter-error-range">
                {text.slice(first.from, Math.max(first.to, first.from + 1)) || ' '}
              </span>
              {text.slice(Math.max(first.to, first.from + 1))}
            </>
          ) : (
            text
          )}
        </div>
        <input
          ref={inputRef}
          class="filter-input"
          type="search"
          spellcheck={false}
          autocomplete="off"
          placeholder="Filter  (method:POST status:4xx path:loan -has-error …)"
          aria-label="Filter calls"
          aria-invalid={first ? 'true' : 'false'}
          aria-describedby={first ? 'filter-error' : undefined}
          data-testid="filter"
          value={text}
          onInput={(e) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            timeFilterKeystroke(() => model.setFilter(value));
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            if (model.filterText.value === '') (e.currentTarget as HTMLInputElement).blur();
            else model.setFilter('');
          }}
        />
      </div>
      <span class="filter-count" data-testid="result-count" title="shown / listed calls">
        {model.resultCount}
      </span>
      {saved ? <SavedFiltersMenu saved={saved} current={text} apply={apply} /> : null}
      {saved ? <SharedFilterNotices saved={saved} apply={apply} /> : null}
      {first ? (
        <span class="filter-message" id="filter-error" role="alert" data-testid="filter-error">
          col {first.from + 1}: {first.message}
          {errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}
        </span>
      ) : null}
    </div>
  );
}
