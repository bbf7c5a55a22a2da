/** How `tail` prints: one coloured line per exchange, JSON lines, filter errors with a caret. */
import { extractCorrelationKeys } from '../../../shared/src/correlate/extract-keys.ts';
import { keyLabel, strongestKey } from '../../../shared/src/correlate/flow-label.ts';
import type { FilterError } from '../../../shared/src/filter/types.ts';
import type { Exchange } from '../../../shared/src/model/exchange.ts';

/** ANSI colours, or none. */
export interface Palette {
  dim(s: string): string;
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/** ANSI palette. */
export const COLORS: Palette = {
  dim: wrap(2, 22),
  bold: wrap(1, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
  magenta: wrap(35, 39),
};

/** No colours (pipes, `NO_COLOR`). */
export const PLAIN: Palette = {
  dim: (s) => s,
  bold: (s) => s,
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
  cyan: (s) => s,
  magenta: (s) => s,
};

/** Whether to colour: `FORCE_COLOR` wins, then `NO_COLOR`, then whether stdout is a terminal. */
export function useColor(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  if (env['NO_COLOR'] !== undefined) return false;
  return isTTY === true;
}

function pathOf(url: string): string {
  if (!URL.canParse(url)) return url;
  const u = new URL(url);
  return u.pathname + u.search;
}

function time(exchange: Exchange): string {
  const d = new Date(exchange.timings.startedAt || Date.parse(exchange.request.timestamp));
  if (Number.isNaN(d.getTime())) return '--:--:--.---';
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** Flow hint: the strongest business id of the exchange (`application 7b831e4d…`), or `''`. */
export function flowHint(exchange: Exchange): string {
  const key = strongestKey(extractCorrelationKeys(exchange));
  return key ? (keyLabel(key) ?? '') : '';
}

/** One line: time, source, method, path, status, duration, flow hint. */
export function formatExchangeLine(exchange: Exchange, c: Palette): string {
  const res = exchange.response;
  const status = res ? String(res.status) : '…';
  const statusColor =
    !res || res.status === 0 || res.status >= 500
      ? c.red
      : res.status >= 400
        ? c.yellow
        : res.status >= 300
          ? c.cyan
          : c.green;
  const duration = res ? `${Math.round(res.duration)}ms` : '';
  const hint = flowHint(exchange);
  const error = res?.error ? ` ${c.red(res.error)}` : '';
  return [
    c.dim(time(exchange)),
    c.magenta(exchange.source.padEnd(7)),
    c.bold(exchange.request.method.padEnd(6)),
    pathOf(exchange.request.url),
    statusColor(res ? status : status.padStart(3)),
    c.dim(duration),
    hint ? c.cyan(`[${hint}]`) : '',
  ]
    .filter((part) => part !== '')
    .join('  ')
    .concat(error);
}

/** The filter text with a caret line under each error, for the terminal. */
export function formatFilterErrors(text: string, errors: readonly FilterError[]): string {
  const lines: string[] = [];
  for (const e of errors) {
    const width = Math.max(1, e.to - e.from);
    lines.push(`Filter error: ${e.message}`, `  ${text}`, `  ${' '.repeat(e.from)}${'^'.repeat(width)}`);
  }
  return lines.join('\n');
}
