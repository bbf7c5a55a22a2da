import { parseFilter } from '../../shared/src/filter/index.ts';
import { findSensitiveSpans } from '../../shared/src/mask/index.ts';
import { MAX_FILTER_QUERY_LENGTH, MAX_NAME_LENGTH } from '../../shared/src/protocol/limits.ts';

/** Longest saved filter name, characters (the protocol's name limit, so any saved filter can be shared). */
export const MAX_FILTER_NAME_LENGTH = MAX_NAME_LENGTH;

/** Longest saved filter text, characters (`MAX_FILTER_QUERY_LENGTH` of the protocol). */
export const MAX_FILTER_TEXT_LENGTH = MAX_FILTER_QUERY_LENGTH;

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

/** Trims and checks a filter before it is saved: a name, both within their limits, no parse errors. */
export function checkFilter(
  filter: SavedFilter,
): { ok: true; filter: SavedFilter } | { ok: false; reason: string } {
  const name = filter.name.trim();
  if (!name) return { ok: false, reason: 'A saved filter needs a name' };
  if (name.length > MAX_FILTER_NAME_LENGTH)
    return { ok: false, reason: `Names are at most ${MAX_FILTER_NAME_LENGTH} characters` };
  if (!filter.query.trim()) return { ok: false, reason: 'The filter is empty' };
  if (filter.query.length > MAX_FILTER_TEXT_LENGTH)
    return { ok: false, reason: `Filters are at most ${MAX_FILTER_TEXT_LENGTH} characters` };
  const errors = parseFilter(filter.query).errors;
  if (errors.length > 0) return { ok: false, reason: errors[0]!.message };
  return { ok: true, filter: { name, query: filter.query } };
}

/**
 * Whether a saved filter may go to teammates: the {@link checkFilter} rules, and no value the masker
 * would mask (a pasted email or phone number stays on this machine). Mask tokens are fine.
 */
export function checkShareable(filter: SavedFilter): { ok: true } | { ok: false; reason: string } {
  const checked = checkFilter(filter);
  if (!checked.ok) return checked;
  for (const text of [checked.filter.name, checked.filter.query]) {
    const raw = findSensitiveSpans(text).find((span) => !span.masked);
    if (raw) {
      const article = /^[aeiou]/.test(raw.kind) ? 'an' : 'a';
      return { ok: false, reason: `Not shared: it contains what looks like ${article} ${raw.kind} value` };
    }
  }
  return { ok: true };
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
  const checked = checkFilter(filter);
  if (!checked.ok) return checked;
  const { name } = checked.filter;
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

/** Renames a saved filter in place; a filter already named `to` is replaced. */
export async function renameFilter(
  storage: FilterStorage,
  from: string,
  to: string,
): Promise<{ ok: true; filters: SavedFilter[] } | { ok: false; reason: string }> {
  const list = await loadSavedFilters(storage);
  const current = list.find((f) => f.name === from);
  if (!current) return { ok: false, reason: `No saved filter is named ${from}` };
  const checked = checkFilter({ name: to, query: current.query });
  if (!checked.ok) return checked;
  const name = checked.filter.name;
  const filters = list
    .filter((f) => f.name !== name || f === current)
    .map((f) => (f === current ? { name, query: f.query } : f));
  await storage.set({ [SAVED_FILTERS_KEY]: filters });
  return { ok: true, filters };
}
