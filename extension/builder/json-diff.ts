/**
 * A small structural JSON diff for comparing an original response with its replay: objects by key,
 * arrays by index, everything else by value. Paths are JSON pointers (`/consumer/email`, `/offers/0`).
 */

/** One difference between two JSON values. */
export type JsonDiffEntry =
  | { kind: 'added'; path: string; after: unknown }
  | { kind: 'removed'; path: string; before: unknown }
  | { kind: 'changed'; path: string; before: unknown; after: unknown };

/** Most entries {@link diffJson} returns; the rest are counted in `truncated`. Defaults to 500. */
export const MAX_DIFF_ENTRIES = 500;

/** Outcome of {@link diffJson}. */
export interface JsonDiff {
  entries: JsonDiffEntry[];
  /** Entries left out beyond the cap. */
  truncated: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const escapeToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Differences from `before` to `after`, in document order (at most `max`). */
export function diffJson(before: unknown, after: unknown, max = MAX_DIFF_ENTRIES): JsonDiff {
  const out: JsonDiff = { entries: [], truncated: 0 };
  const push = (e: JsonDiffEntry): void => {
    if (out.entries.length < max) out.entries.push(e);
    else out.truncated++;
  };
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (Object.is(a, b)) return;
    if (isObject(a) && isObject(b)) {
      for (const key of Object.keys(a)) {
        const p = `${path}/${escapeToken(key)}`;
        if (!Object.hasOwn(b, key)) push({ kind: 'removed', path: p, before: a[key] });
        else walk(a[key], b[key], p);
      }
      for (const key of Object.keys(b))
        if (!Object.hasOwn(a, key))
          push({ kind: 'added', path: `${path}/${escapeToken(key)}`, after: b[key] });
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        const p = `${path}/${i}`;
        if (i >= b.length) push({ kind: 'removed', path: p, before: a[i] });
        else if (i >= a.length) push({ kind: 'added', path: p, after: b[i] });
        else walk(a[i], b[i], p);
      }
      return;
    }
    push({ kind: 'changed', path, before: a, after: b });
  };
  walk(before, after, '');
  return out;
}

/** The parts of a response that are compared. */
export interface ComparedResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * Headers left out of the comparison (lower case): per-call values (dates, ids, lengths), transport, and
 * the security/CORS headers a relay or web server adds around the API (`access-control-*` too).
 */
export const VOLATILE_HEADERS: readonly string[] = [
  'date',
  'correlation-id',
  'x-request-id',
  'content-length',
  'etag',
  'keep-alive',
  'connection',
  'transfer-encoding',
  'vary',
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

const isVolatile = (name: string): boolean =>
  VOLATILE_HEADERS.includes(name) || name.startsWith('access-control-');

/** A header whose value changed, appeared or disappeared (`undefined` = absent). */
export interface HeaderDiffEntry {
  name: string;
  before: string | undefined;
  after: string | undefined;
}

/** Differences between an original response and its replay. */
export interface ResponseDiff {
  status: { before: number; after: number; changed: boolean };
  headers: HeaderDiffEntry[];
  body: JsonDiff;
  /** True when nothing but volatile headers differs. */
  same: boolean;
}

const lowerKeys = (h: Record<string, string>): Map<string, string> =>
  new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

/** Compares two responses: status, non-volatile headers (by lower-cased name) and the JSON body. */
export function diffResponses(before: ComparedResponse, after: ComparedResponse): ResponseDiff {
  const a = lowerKeys(before.headers);
  const b = lowerKeys(after.headers);
  const headers: HeaderDiffEntry[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (isVolatile(name)) continue;
    if (a.get(name) !== b.get(name)) headers.push({ name, before: a.get(name), after: b.get(name) });
  }
  const body = diffJson(before.body, after.body);
  const changed = before.status !== after.status;
  return {
    status: { before: before.status, after: after.status, changed },
    headers,
    body,
    same: !changed && headers.length === 0 && body.entries.length === 0,
  };
}
