import type { Exchange } from '../../model/exchange.ts';
import type { RequestLog } from '../../model/logs.ts';

/** A request with the given parts and neutral bookkeeping fields. */
export function makeRequest(parts: Partial<RequestLog> & Pick<RequestLog, 'url'>): RequestLog {
  return {
    id: 'corr-1',
    timestamp: '2025-11-25T12:00:00.000Z',
    type: 'request',
    method: 'GET',
    headers: {},
    partnerId: '',
    userId: '',
    ...parts,
  };
}

/** An exchange around `request`, unmasked, body complete. */
export function makeExchange(request: RequestLog, extra: Partial<Exchange> = {}): Exchange {
  return {
    id: 'ex-1',
    source: 'page',
    request,
    timings: { startedAt: 0 },
    masked: false,
    requestBodyStatus: request.body === undefined ? 'absent' : 'complete',
    responseBodyStatus: 'absent',
    ...extra,
  };
}
