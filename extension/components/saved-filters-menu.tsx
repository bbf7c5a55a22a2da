import './filters-capsules.css';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { SavedFiltersModelInstance } from '../capsules/saved-filters-model.ts';

/**
 * The filter bar's "Saved" menu: save the current filter under a name, apply, rename, share (in a team
 * session) and delete saved filters. Keyboard: Enter saves / confirms a rename, Esc cancels a rename or
 * closes the menu (focus returns to its button); every action is a button, so Tab reaches it.
 */
export function SavedFiltersMenu({
  saved,
  current,
  apply,
}: {
  saved: SavedFiltersModelInstance;
  /** The filter text as typed. */
  current: string;
  /** Applies a filter text to the list. */
  apply: (query: string) => void;
}) {
  const open = useSignal(false);
  const name = useSignal('');
  const renaming = useSignal<string | undefined>(undefined);
  const renameTo = useSignal('');
  const toggleRef = useRef<HTMLButtonElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const filters = saved.filters.value;
  const outcome = saved.outcome.value;

  useEffect(() => {
    if (open.value) nameRef.current?.focus();
  }, [open.value]);

  const close = (): void => {
    open.value = false;
    renaming.value = undefined;
    toggleRef.current?.focus();
  };

  const onSave = async (e: Event): Promise<void> => {
    e.preventDefault();
    const result = await saved.save(name.value, current);
    if (result.ok) name.value = '';
  };

  const onRename = async (from: string): Promise<void> => {
    const result = await saved.rename(from, renameTo.value);
    if (result.ok) renaming.value = undefined;
  };

  return (
    <div class="saved-filters">
      <button
        ref={toggleRef}
        type="button"
        class="toolbar-button"
        data-testid="saved-filters-toggle"
        aria-expanded={open.value}
        aria-controls="saved-filters-menu"
        title="Saved filters"
        onClick={() => {
          if (open.value) close();
          else open.value = true;
        }}
      >
        ★ Saved{filters.length > 0 ? ` (${filters.length})` : ''}
      </button>
      {open.value ? (
        <div
          class="saved-filters-menu"
          id="saved-filters-menu"
          role="dialog"
          aria-label="Saved filters"
          data-testid="saved-filters-menu"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation();
            if (renaming.value !== undefined) renaming.value = undefined;
            else close();
          }}
        >
          <form class="saved-filters-save" onSubmit={(e) => void onSave(e)}>
            <input
              ref={nameRef}
              class="saved-filters-input"
              type="text"
              placeholder="Name for the current filter"
              aria-label="Name for the current filter"
              maxLength={128}
              data-testid="saved-filter-name"
              value={name.value}
              onInput={(e) => {
                name.value = (e.currentTarget as HTMLInputElement).value;
              }}
            />
            <button
              type="submit"
              class="toolbar-button"
              data-testid="save-filter"
              disabled={current.trim() === ''}
              title={current.trim() === '' ? 'Type a filter first' : `Save “${current}”`}
            >
              Save current
            </button>
          </form>
          {filters.length === 0 ? (
            <p class="saved-filters-empty">No saved filters yet.</p>
          ) : (
            <ul class="saved-filters-list" data-testid="saved-filters-list">
              {filters.map((f) => (
                <li key={f.name} class="saved-filters-item" data-testid="saved-filter">
                  {renaming.value === f.name ? (
                    <form
                      class="saved-filters-rename"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void onRename(f.name);
                      }}
                    >
                      <input
                        class="saved-filters-input"
                        type="text"
                        aria-label={`New name for ${f.name}`}
                        maxLength={128}
                        data-testid="saved-filter-rename-input"
                        value={renameTo.value}
                        ref={(el) => el?.focus()}
                        onInput={(e) => {
                          renameTo.value = (e.currentTarget as HTMLInputElement).value;
                        }}
                      />
                      <button type="submit" class="link-button">
                        OK
                      </button>
                    </form>
                  ) : (
                    <button
                      type="button"
                      class="saved-filters-apply"
                      data-testid="saved-filter-apply"
                      title={`Apply: ${f.query}`}
                      aria-current={f.query === current ? 'true' : undefined}
                      onClick={() => {
                        apply(f.query);
                        close();
                      }}
                    >
                      <span class="saved-filters-name">{f.name}</span>
                      <code class="saved-filters-query">{f.query}</code>
                    </button>
                  )}
                  <span class="saved-filters-actions">
                    <button
                      type="button"
                      class="link-button"
                      data-testid="saved-filter-rename"
                      aria-label={`Rename ${f.name}`}
                      onClick={() => {
                        renameTo.value = f.name;
                        renaming.value = f.name;
                      }}
                    >
                      Rename
                    </button>
                    {saved.sharing.value ? (
                      <button
                        type="button"
                        class="link-button"
                        data-testid="saved-filter-share"
                        aria-label={`Share ${f.name} with the team session`}
                        disabled={!saved.canShare.value}
                        title={
                          saved.canShare.value
                            ? 'Share with the team session'
                            : 'Join a team session to share'
                        }
                        onClick={() => saved.share(f)}
                      >
                        Share
                      </button>
                    ) : null}
                    <button
                      type="button"
                      class="link-button link-button--danger"
                      data-testid="saved-filter-delete"
                      aria-label={`Delete ${f.name}`}
                      onClick={() => void saved.remove(f.name)}
                    >
                      Delete
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p
            class={`saved-filters-status${outcome && !outcome.ok ? ' saved-filters-status--error' : ''}`}
            role="status"
            data-testid="saved-filters-status"
          >
            {outcome?.message ?? ''}
          </p>
        </div>
      ) : null}
    </div>
  );
}

/** "Ada shared filter X": apply, save or dismiss each filter teammates shared. */
export function SharedFilterNotices({
  saved,
  apply,
}: {
  saved: SavedFiltersModelInstance;
  apply: (query: string) => void;
}) {
  const notices = saved.incoming.value;
  if (notices.length === 0) return null;
  return (
    <section class="shared-filters" aria-label="Filters shared by teammates" data-testid="shared-filters">
      {notices.map((n) => (
        <div key={n.key} class="shared-filter" role="status" data-testid="shared-filter">
          <span>
            <strong>{n.from}</strong> shared filter <strong>“{n.name}”</strong> <code>{n.query}</code>
          </span>
          <button
            type="button"
            class="toolbar-button toolbar-button--small"
            data-testid="shared-filter-apply"
            onClick={() => {
              apply(n.query);
              saved.dismiss(n.key);
            }}
          >
            Apply
          </button>
          <button
            type="button"
            class="toolbar-button toolbar-button--small"
            data-testid="shared-filter-save"
            onClick={() => void saved.saveIncoming(n.key)}
          >
            Save
          </button>
          <button
            type="button"
            class="link-button"
            aria-label={`Dismiss ${n.name}`}
            onClick={() => saved.dismiss(n.key)}
          >
            ✕
          </button>
        </div>
      ))}
    </section>
  );
}
