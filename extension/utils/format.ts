/** Formatting helpers for the panel's view model. Pure functions, no DOM. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds, e.g. `14:03:07.042`. Returns `—` for a missing time. */
export function formatClockTime(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '—';
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A duration in milliseconds as `12 ms` (below 1 s, rounded) or `1.23 s`. Returns `—` when unknown or negative. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Path and query of an absolute URL (`/poslp/services/avvance-loan/v1/create`); the input when it does not parse. */
export function urlPath(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/** Host (with port) of an absolute URL; `''` when it does not parse. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** A value for a `<pre>`: JSON pretty-printed with two spaces, strings as they are, `undefined` as `''`. */
export function formatBody(body: unknown): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body, null, 2) ?? '';
  } catch {
    return String(body);
  }
}
