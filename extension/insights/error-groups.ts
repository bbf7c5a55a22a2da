import { findOperation } from '../../shared/src/openapi/index.ts';
import type { CapturedExchange } from '../models/capture-model.ts';
import { urlPath } from '../utils/format.ts';
import { explainErrorBody } from './error-hints.ts';

/** Failed calls that share an error code and an endpoint. */
export interface ErrorGroup {
  /** `code|endpoint`, stable across updates. */
  key: string;
  /** Avvance code (`400.44010.4130`), `HTTP 502` without an envelope, or `network error`. */
  code: string;
  /** `GET /poslp/services/avvance-loan/v1/loan-status` (the operation's path template when known). */
  endpoint: string;
  /** Message of the latest occurrence (from the masked copy). */
  message: string;
  /** What to do, when the code is in the catalogue. */
  hint?: string;
  count: number;
  /** Epoch ms of the latest occurrence. */
  lastSeen: number;
  /** Id of the latest failed call, to jump to it. */
  lastExchangeId: string;
}

function endpointOf(method: string, url: string): string {
  const op = findOperation(method, url);
  if (op) return `${op.method} ${op.path}`;
  const path = urlPath(url);
  const q = path.indexOf('?');
  return `${method} ${q === -1 ? path : path.slice(0, q)}`;
}

/**
 * Groups the failed calls (status ≥ 400 or network error) by error code and endpoint, latest first.
 * Reads only the masked copies.
 */
export function groupErrors(entries: readonly CapturedExchange[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const entry of entries) {
    const x = entry.masked;
    const response = x.response;
    if (!response) continue;
    const networkError = response.error !== undefined || response.status === 0;
    if (!networkError && response.status < 400) continue;
    const insight = networkError ? undefined : explainErrorBody(response.body);
    const code = networkError ? 'network error' : (insight?.code ?? `HTTP ${response.status}`);
    const endpoint = endpointOf(x.request.method, x.request.url);
    const key = `${code}|${endpoint}`;
    const at = x.timings.startedAt;
    const message = networkError ? (response.error ?? 'no response') : (insight?.message ?? '');
    const group = groups.get(key);
    if (!group) {
      const created: ErrorGroup = {
        key,
        code,
        endpoint,
        message,
        count: 1,
        lastSeen: at,
        lastExchangeId: x.id,
      };
      if (insight?.hint) created.hint = insight.hint;
      groups.set(key, created);
    } else {
      group.count++;
      if (at >= group.lastSeen) {
        group.lastSeen = at;
        group.lastExchangeId = x.id;
        group.message = message;
      }
    }
  }
  return [...groups.values()].sort((a, b) => b.lastSeen - a.lastSeen);
}
