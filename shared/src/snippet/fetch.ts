/** Copy as fetch. */
import type { BodyStatus } from '../model/exchange.ts';
import type { RequestLog } from '../model/logs.ts';
import { snippetParts } from './request-parts.ts';

/** Rendering options for {@link requestToFetch}. */
export interface FetchRenderOptions {
  /** How the request body was captured; lossy statuses add a `// note:` line. Defaults to `'complete'`. */
  bodyStatus?: BodyStatus;
}

// JSON.stringify yields a valid JS string literal (JSON is a subset of JS since ES2019).
const js = (value: string): string => JSON.stringify(value);

function bodyExpression(body: unknown): string {
  if (typeof body === 'string') return js(body);
  const pretty = JSON.stringify(body, null, 2);
  // In an object literal `__proto__` sets the prototype instead of adding a key: keep the exact text.
  if (pretty.includes('"__proto__"')) return js(JSON.stringify(body));
  return `JSON.stringify(${pretty.replaceAll('\n', '\n  ')})`;
}

/**
 * Renders `request` as it is (no masking: see `toFetch` for the masked default) as
 * `await fetch(url, { method, headers, body })` for a browser console or Node ≥ 18. Parsed JSON bodies
 * are written as `JSON.stringify(<object>)`, which sends the same bytes as the cURL snippet. Headers
 * as in `requestToCurl` (browsers silently drop forbidden ones such as `cookie`; Node sends them).
 * A body on GET/HEAD is left out with a note, as fetch refuses it; non-ASCII header values get a note.
 */
export function requestToFetch(request: RequestLog, opts: FetchRenderOptions = {}): string {
  const parts = snippetParts(request, opts.bodyStatus);
  if (parts.headers.some((h) => /[^\x00-\x7f]/.test(h.value))) {
    parts.notes.push(
      'fetch sends header values as Latin-1 and refuses other characters: non-ASCII header values will differ',
    );
  }
  const lines = [`await fetch(${js(parts.url)}, {`];
  if (parts.method !== 'GET') lines.push(`  method: ${js(parts.method)},`);
  if (parts.headers.length > 0) {
    lines.push('  headers: {');
    for (const { name, value } of parts.headers) lines.push(`    ${js(name)}: ${js(value)},`);
    lines.push('  },');
  }
  if (parts.body !== undefined) {
    if (parts.method === 'GET' || parts.method === 'HEAD') {
      parts.notes.push(`fetch cannot send a body with ${parts.method}; the captured body is left out`);
    } else lines.push(`  body: ${bodyExpression(request.body)},`);
  }
  lines.push('});');
  return [...parts.notes.map((note) => `// note: ${note}`), ...lines].join('\n');
}
