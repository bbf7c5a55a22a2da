import type { Exchange, ExchangeSource } from '../model/exchange.ts';
import { exchangeFromHarEntry } from './har-entry.ts';

/** Most entries imported from one HAR; the rest are counted in `truncated`. */
export const HAR_MAX_ENTRIES = 10_000;
/** Longest HAR text accepted, in characters (≈ bytes for the ASCII JSON HAR files are). 64 Mi. */
export const HAR_MAX_INPUT_CHARS = 64 * 1024 * 1024;

/** An entry that was not imported, and why. */
export interface HarSkipped {
  /** Position in `log.entries`. */
  index: number;
  reason: string;
}

/** Options for {@link importHar}. */
export interface HarImportOptions {
  /** Source of entries without `_avvance.source`. Defaults to `'page'`. */
  source?: ExchangeSource;
}

/**
 * Outcome of {@link importHar}. On success the lossy parts are visible: `skipped` lists entries that could
 * not be converted (and one record for the entries beyond {@link HAR_MAX_ENTRIES}), `truncated` counts those
 * beyond the cap, and each exchange's body status says when a body was dropped.
 */
export type HarImportResult =
  | { ok: true; exchanges: Exchange[]; skipped: HarSkipped[]; truncated: number }
  | { ok: false; error: string };

/**
 * Imports a whole HAR (a parsed object or its JSON text) into exchanges, in file order. Input is treated as
 * untrusted: never throws, bounded by {@link HAR_MAX_INPUT_CHARS} and {@link HAR_MAX_ENTRIES}.
 */
export function importHar(input: unknown, opts: HarImportOptions = {}): HarImportResult {
  let doc = input;
  if (typeof input === 'string') {
    if (input.length > HAR_MAX_INPUT_CHARS) {
      return { ok: false, error: `HAR is larger than ${HAR_MAX_INPUT_CHARS} characters` };
    }
    try {
      doc = JSON.parse(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
    } catch (e: unknown) {
      if (!(e instanceof SyntaxError)) throw e;
      return { ok: false, error: `HAR is not valid JSON: ${e.message}` };
    }
  }
  const entries = entriesOf(doc);
  if (entries === null)
    return { ok: false, error: 'not a HAR: expected an object with log.entries (an array)' };

  const exchanges: Exchange[] = [];
  const skipped: HarSkipped[] = [];
  const kept = Math.min(entries.length, HAR_MAX_ENTRIES);
  for (let index = 0; index < kept; index++) {
    const result = exchangeFromHarEntry(
      entries[index],
      opts.source === undefined ? {} : { source: opts.source },
    );
    if (result.ok) exchanges.push(result.exchange);
    else skipped.push({ index, reason: result.error });
  }
  const truncated = entries.length - kept;
  if (truncated > 0) {
    skipped.push({
      index: kept,
      reason: `too many entries: ${truncated} entries after the first ${HAR_MAX_ENTRIES} were not imported`,
    });
  }
  return { ok: true, exchanges, skipped, truncated };
}

function entriesOf(doc: unknown): readonly unknown[] | null {
  if (typeof doc !== 'object' || doc === null) return null;
  const log = (doc as { log?: unknown }).log;
  if (typeof log !== 'object' || log === null) return null;
  const entries = (log as { entries?: unknown }).entries;
  return Array.isArray(entries) ? entries : null;
}
