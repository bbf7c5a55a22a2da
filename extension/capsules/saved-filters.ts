import { parseFilter } from '../../shared/src/filter/index.ts';

/** Most saved filters kept; saving one more drops the oldest. */
export const MAX_SAVED_FILTERS = 50;

/** A named filter (the panel's filter language, docs/filter.md). */
export interface SavedFilter {
  name: string;
  query: string;
}

/** Where saved filters live: `browser.storage.local` in the panel, `localStorage` in the web viewer. */
export interface FilterStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Storage key of the saved filters. */
export const SAVED_FILTERS_KEY = 'workbench.savedFilters';

function parseList(value: unknown): SavedFilter[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (f): f is SavedFilter =>
        !!f && typeof f === 'object' && typeof f.name === 'string' && typeof f.query === 'string',
    )
    .slice(-MAX_SAVED_FILTERS);
}

/** Saved filters, oldest first. */
export async function loadSavedFilters(storage: FilterStorage): Promise<SavedFilter[]> {
  return parseList((await storage.get(SAVED_FILTERS_KEY))[SAVED_FILTERS_KEY]);
}

/**
 * Saves (or replaces, by name) a filter. A filter with parse errors is refused as data, like the filter
 * bar shows it.
 */
export async function saveFilter(
  storage: FilterStorage,
  filter: SavedFilter,
): Promise<{ ok: true; filters: SavedFilter[] } | { ok: false; reason: string }> {
  const name = filter.name.trim();
  if (!name) return { ok: false, reason: 'A saved filter needs a name' };
  const errors = parseFilter(filter.query).errors;
  if (errors.length > 0) return { ok: false, reason: errors[0]!.message };
  const list = (await loadSavedFilters(storage)).filter((f) => f.name !== name);
  list.push({ name, query: filter.query });
  const filters = list.slice(-MAX_SAVED_FILTERS);
  await storage.set({ [SAVED_FILTERS_KEY]: filters });
  return { ok: true, filters };
}

/** Deletes a saved filter by name. */
export async function deleteFilter(storage: FilterStorage, name: string): Promise<SavedFilter[]> {
  const filters = (await loadSavedFilters(storage)).filter((f) => f.name !== name);
  await storage.set({ [SAVED_FILTERS_KEY]: filters });
  return filters;
}
