import type { MaskFinding } from '../../shared/src/mask/types.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { Flow } from '../../shared/src/model/flow.ts';
import { formatClockTime, formatDuration, urlHost, urlPath } from '../utils/format.ts';
import type { CapturedExchange } from './capture-model.ts';

/** How a row's status is coloured. */
export type StatusKind =
  | 'pending'
  | 'success'
  | 'redirect'
  | 'client-error'
  | 'server-error'
  | 'network-error';

/** One line of the request list, ready to render (all text masked). */
export interface ExchangeRow {
  id: string;
  seq: number;
  /** Request start, local time with milliseconds. */
  time: string;
  method: string;
  /** Path and query (masked). */
  path: string;
  host: string;
  /** HTTP status, `ERR` for a network error, `…` while pending. */
  status: string;
  statusKind: StatusKind;
  duration: string;
  /** Id of the flow the call belongs to, `undefined` if none. */
  flowId: string | undefined;
  /** Short flow name, e.g. `application 7b831e4d…`; `''` if none. */
  flowLabel: string;
  /** Number of masked values in the call. */
  maskedCount: number;
  /** False for non-Avvance traffic (listed only with "all traffic" on). */
  avvance: boolean;
  /** Who published it into the team session (display name); `''` for the panel's own captures. */
  sentBy: string;
  /** Recorded by background capture before DevTools opened (arrived masked: nothing to reveal). */
  recordedBeforeDevtools: boolean;
}

/** What the detail pane shows for the selected call. */
export interface ExchangeDetail {
  row: ExchangeRow;
  /** The masked exchange: what is shown unless the user reveals the original. */
  exchange: Exchange;
  findings: readonly MaskFinding[];
  flow: Flow | undefined;
  /** The original, present only while the user has revealed it (panel memory, local display only). */
  revealed?: Exchange;
}

/** Classifies a status for colouring. */
export function statusKindOf(exchange: Exchange): StatusKind {
  const response = exchange.response;
  if (!response) return 'pending';
  if (response.error !== undefined || response.status === 0) return 'network-error';
  if (response.status >= 500) return 'server-error';
  if (response.status >= 400) return 'client-error';
  if (response.status >= 300) return 'redirect';
  return 'success';
}

function statusText(exchange: Exchange): string {
  const response = exchange.response;
  if (!response) return '…';
  if (response.error !== undefined || response.status === 0) return 'ERR';
  return String(response.status);
}

/** Builds the row of a captured call (pure; exported for tests). */
export function toRow(entry: CapturedExchange, flow: Flow | undefined): ExchangeRow {
  const x = entry.masked;
  return {
    id: entry.id,
    seq: entry.seq,
    time: formatClockTime(x.timings.startedAt),
    method: x.request.method,
    path: urlPath(x.request.url),
    host: urlHost(x.request.url),
    status: statusText(x),
    statusKind: statusKindOf(x),
    duration: formatDuration(x.response?.duration),
    flowId: flow?.id,
    flowLabel: flow?.label ?? '',
    maskedCount: entry.findings.length,
    avvance: entry.avvance,
    sentBy: x.sentBy ?? '',
    recordedBeforeDevtools: x.recordedBeforeDevtools === true,
  };
}
