/** What correlation reads from a request URL. */
export interface UrlParts {
  readonly pathname: string;
  /** Query parameters in order (`URLSearchParams` entries). */
  readonly params: readonly (readonly [string, string])[];
}

/** The parts of `url`, or `null` when it does not parse (`URL.canParse`). */
export function parseUrl(url: string): UrlParts | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e: unknown) {
    if (!(e instanceof TypeError)) throw e;
    return null;
  }
  return { pathname: parsed.pathname, params: [...parsed.searchParams] };
}

/** Most URLs a {@link UrlCache} remembers; when full it starts over (no LRU bookkeeping per hit). */
const MAX_CACHED_URLS = 256;

/**
 * {@link parseUrl} with a small memory: an integration calls the same few endpoints over and over, and
 * parsing a URL costs more than the rest of indexing an exchange's URL. Owned by one `FlowIndex`, so
 * `clear()` forgets the URLs too.
 */
export class UrlCache {
  #parts = new Map<string, UrlParts | null>();

  parse(url: string): UrlParts | null {
    let parts = this.#parts.get(url);
    if (parts === undefined) {
      parts = parseUrl(url);
      if (this.#parts.size >= MAX_CACHED_URLS) this.#parts.clear();
      this.#parts.set(url, parts);
    }
    return parts;
  }

  clear(): void {
    this.#parts.clear();
  }
}
