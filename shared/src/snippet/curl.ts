/** Copy as cURL. */
import type { BodyStatus } from '../model/exchange.ts';
import type { RequestLog } from '../model/logs.ts';
import { snippetParts } from './request-parts.ts';
import { hasNul, quotePosix } from './shell-quote.ts';

/** Rendering options for {@link requestToCurl}. */
export interface CurlRenderOptions {
  /**
   * Shell the command is written for. Defaults to `'bash'`; the output also runs in zsh, ksh and
   * POSIX.1-2024 sh (it may use `$'…'` quoting).
   */
  shell?: 'bash';
  /** How the request body was captured; lossy statuses add a `# note:` line. Defaults to `'complete'`. */
  bodyStatus?: BodyStatus;
}

// Any of these in a URL would be read by curl as a glob pattern.
const GLOB_CHARS = /[[\]{}]/;

/**
 * Renders `request` as it is (no masking: see `toCurl` for the masked default) as a multi-line curl
 * command, following Chrome DevTools' "Copy as cURL": `-X` only when the method is not the one curl
 * infers (GET, or POST with a body), `--head` for HEAD, the body as `--data-raw` (never `@file`),
 * `--compressed` instead of `accept-encoding`, no pseudo- or connection-level headers. Differences
 * from Chrome, for fidelity: cookies stay `-H` (curl's `-b` reads a file when the value has no `=`);
 * an empty `content-type:` stops curl adding `application/x-www-form-urlencoded` to a body that had
 * no content type; `--globoff` when the URL holds `[]{}`.
 */
export function requestToCurl(request: RequestLog, opts: CurlRenderOptions = {}): string {
  const parts = snippetParts(request, opts.bodyStatus);
  const hasBody = parts.body !== undefined;
  const args = [quotePosix(parts.url)];
  if (parts.method === 'HEAD' && !hasBody) args.push('--head');
  else if (parts.method !== (hasBody ? 'POST' : 'GET')) args.push(`-X ${quotePosix(parts.method)}`);

  let compressed = false;
  let hasContentType = false;
  for (const { name, value } of parts.headers) {
    const trimmed = value.trim();
    if (name === 'accept-encoding' && trimmed !== '' && trimmed.toLowerCase() !== 'identity') {
      compressed = true;
      continue;
    }
    if (name === 'content-type') hasContentType = true;
    // `name;` is curl's way to send a header with an empty value (`name:` would remove it).
    args.push(`-H ${quotePosix(trimmed === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  if (hasBody && !hasContentType) args.push(`-H ${quotePosix('content-type:')}`);
  if (parts.body !== undefined) args.push(`--data-raw ${quotePosix(parts.body)}`);
  if (compressed) args.push('--compressed');
  if (GLOB_CHARS.test(parts.url)) args.push('--globoff');

  const texts = [parts.url, parts.body ?? '', ...parts.headers.map((h) => h.name + h.value)];
  if (texts.some(hasNul))
    parts.notes.push('NUL characters cannot be passed on a command line and were removed');
  return [...parts.notes.map((note) => `# note: ${note}`), `curl ${args.join(' \\\n  ')}`].join('\n');
}
