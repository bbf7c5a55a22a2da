import { computed, createModel, type ReadonlySignal, signal } from '@preact/signals';
import {
  checkShareable,
  deleteFilter,
  type FilterStorage,
  loadSavedFilters,
  renameFilter,
  type SavedFilter,
  saveFilter,
} from './saved-filters.ts';

/** Shared filters kept on screen; older notices are forgotten. */
export const MAX_SHARED_NOTICES = 5;

/** A filter a teammate shared, waiting for the user to apply, save or dismiss it. */
export interface IncomingFilter extends SavedFilter {
  /** Teammate's display name. */
  from: string;
  /** Increasing id, to dismiss one notice. */
  key: number;
}

/**
 * How saved filters reach teammates: the team session (`share-filter` / `shared-filter`,
 * docs/protocol.md). Absent where there is no session.
 */
export interface FilterShareChannel {
  /** True while a share would be sent (in a live session). */
  readonly live: ReadonlySignal<boolean>;
  /** Sends a checked filter; false when it could not be sent. */
  share(filter: SavedFilter): boolean;
  /** Receives teammates' filters; returns the unsubscribe function. */
  onShared(listener: (filter: SavedFilter & { from: string }) => void): () => void;
}

/** Outcome of an action, shown next to the menu. */
export type SavedFilterOutcome = { ok: true; message: string } | { ok: false; message: string };

/** Options of {@link SavedFiltersModel}. */
export interface SavedFiltersModelOptions {
  /** `browser.storage.local` in the panel, `localStorage` in the web viewer ({@link webStorage}). */
  storage: FilterStorage;
  /** Where sharing goes. Defaults to none (no share buttons). */
  channel?: FilterShareChannel;
}

/**
 * The filter bar's saved filters: list (persisted), save / rename / delete, and sharing with the team
 * session plus the notices of filters teammates shared. Applying is the caller's (`setFilter`).
 */
export const SavedFiltersModel = createModel((options: SavedFiltersModelOptions) => {
  const { storage, channel } = options;
  const filters = signal<readonly SavedFilter[]>([], { name: 'savedFilters.list' });
  const incoming = signal<readonly IncomingFilter[]>([], { name: 'savedFilters.incoming' });
  const outcome = signal<SavedFilterOutcome | undefined>(undefined, { name: 'savedFilters.outcome' });
  const loaded = signal(false, { name: 'savedFilters.loaded' });
  let nextKey = 1;

  channel?.onShared((f) => {
    incoming.value = [...incoming.value, { ...f, key: nextKey++ }].slice(-MAX_SHARED_NOTICES);
  });

  const report = (o: SavedFilterOutcome): SavedFilterOutcome => {
    outcome.value = o;
    return o;
  };

  const save = async (name: string, query: string): Promise<SavedFilterOutcome> => {
    const result = await saveFilter(storage, { name, query });
    if (!result.ok) return report({ ok: false, message: result.reason });
    filters.value = result.filters;
    return report({ ok: true, message: `Saved “${name.trim()}”` });
  };

  const dismiss = (key: number): void => {
    incoming.value = incoming.value.filter((i) => i.key !== key);
  };

  return {
    /** Saved filters, oldest first. */
    filters: filters as ReadonlySignal<readonly SavedFilter[]>,
    /** True once the stored list was read. */
    loaded: loaded as ReadonlySignal<boolean>,
    /** Filters teammates shared, latest last (at most {@link MAX_SHARED_NOTICES}). */
    incoming: incoming as ReadonlySignal<readonly IncomingFilter[]>,
    /** The last action's outcome, for a status line. */
    outcome: outcome as ReadonlySignal<SavedFilterOutcome | undefined>,
    /** True when filters can be shared right now. */
    canShare: computed(() => channel?.live.value ?? false),
    /** True when there is a team session channel at all (share buttons are shown). */
    sharing: signal(channel !== undefined) as ReadonlySignal<boolean>,

    /** Reads the stored list (call once on start). */
    async load(): Promise<void> {
      filters.value = await loadSavedFilters(storage);
      loaded.value = true;
    },
    /** Saves (or replaces, by name) a filter. */
    save,
    /** Renames a saved filter. */
    async rename(from: string, to: string): Promise<SavedFilterOutcome> {
      const result = await renameFilter(storage, from, to);
      if (!result.ok) return report({ ok: false, message: result.reason });
      filters.value = result.filters;
      return report({ ok: true, message: `Renamed to “${to.trim()}”` });
    },
    /** Deletes a saved filter. */
    async remove(name: string): Promise<SavedFilterOutcome> {
      filters.value = await deleteFilter(storage, name);
      return report({ ok: true, message: `Deleted “${name}”` });
    },
    /** Shares a saved filter with the team session, unless it holds PII-shaped values. */
    share(filter: SavedFilter): SavedFilterOutcome {
      if (!channel) return report({ ok: false, message: 'Not in a team session' });
      const checked = checkShareable(filter);
      if (!checked.ok) return report({ ok: false, message: checked.reason });
      if (!channel.live.peek() || !channel.share(filter))
        return report({ ok: false, message: 'Not connected to the team session' });
      return report({ ok: true, message: `Shared “${filter.name}” with the session` });
    },
    /** Saves a teammate's filter under its name and dismisses the notice. */
    async saveIncoming(key: number): Promise<SavedFilterOutcome> {
      const f = incoming.peek().find((i) => i.key === key);
      if (!f) return report({ ok: false, message: 'That shared filter is gone' });
      const result = await save(f.name, f.query);
      if (result.ok) dismiss(key);
      return result;
    },
    /** Forgets a shared-filter notice. */
    dismiss,
  };
});

/** An instance of {@link SavedFiltersModel}. */
export type SavedFiltersModelInstance = InstanceType<typeof SavedFiltersModel>;

/** `window.localStorage` (the web viewer) as a {@link FilterStorage}; values are JSON. */
export function webStorage(area: Pick<Storage, 'getItem' | 'setItem'>): FilterStorage {
  return {
    async get(key) {
      const text = area.getItem(key);
      if (text === null) return {};
      try {
        return { [key]: JSON.parse(text) as unknown };
      } catch {
        return {};
      }
    },
    async set(items) {
      for (const [key, value] of Object.entries(items)) area.setItem(key, JSON.stringify(value));
    },
  };
}

/** The team session as a {@link FilterShareChannel}. */
export function sessionShareChannel(session: {
  state: ReadonlySignal<string>;
  shareFilter(filter: SavedFilter): boolean;
  onSharedFilter(listener: (f: SavedFilter & { from: string }) => void): () => void;
}): FilterShareChannel {
  return {
    live: computed(() => session.state.value === 'live'),
    share: (f) => session.shareFilter(f),
    onShared: (l) => session.onSharedFilter(l),
  };
}
