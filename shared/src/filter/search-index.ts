/** The precomputed lower-case text that free-text and regex terms search. */
import type { Exchange } from '../model/exchange.ts';
import { bodyText } from './exchange-fields.ts';
import type { FilterTarget } from './types.ts';

/**
 * Regex terms only see the first this-many UTF-16 units of a search index, so one huge body cannot
 * make a backtracking regex run for minutes. Free-text terms search the whole index. Defaults to 100,000.
 */
export const MAX_REGEX_INPUT_CHARS = 100_000;

/**
 * One lower-case string of URL, method, status, network error, request body and response body
 * (JSON-serialised when parsed), separated by newlines, so a free-text term is one `includes` call.
 * Build it once per exchange version and pass it as {@link FilterTarget.searchIndex}.
 */
export function buildSearchIndex(exchange: Exchange): string {
  const { request, response } = exchange;
  const parts = [request.url, request.method];
  if (response !== undefined) {
    parts.push(String(response.status));
    if (response.error) parts.push(response.error);
  }
  parts.push(bodyText(request.body));
  if (response !== undefined) parts.push(bodyText(response.body));
  return parts.join('\n').toLowerCase();
}

/** The target's search index, built on the spot when the caller did not precompute it. */
export function searchIndexOf(target: FilterTarget): string {
  return target.searchIndex ?? buildSearchIndex(target.exchange);
}

/** The part of a search index a regex term may run against (see {@link MAX_REGEX_INPUT_CHARS}). */
export function regexInput(index: string): string {
  return index.length > MAX_REGEX_INPUT_CHARS ? index.slice(0, MAX_REGEX_INPUT_CHARS) : index;
}
