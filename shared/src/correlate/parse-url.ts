/**
 * `new URL(url)`, or `null` when `url` does not parse. Remembers the last URL: one `FlowIndex.add` reads the
 * same URL for keys, state and label, and parsing it is a large part of the cost. Callers only read the
 * result (it is shared).
 */
export function parseUrl(url: string): Readonly<URL> | null {
  if (url === lastUrl) return lastParsed;
  lastParsed = URL.canParse(url) ? new URL(url) : null;
  lastUrl = url;
  return lastParsed;
}

let lastUrl: string | undefined;
let lastParsed: URL | null = null;
