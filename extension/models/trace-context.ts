import type { Exchange } from '../../shared/src/model/exchange.ts';

/** A W3C trace context, as the relay echoes it when tracing is on (docs/deployment.md, Tracing). */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Parses a `traceparent` value; `undefined` for anything else (including all-zero ids, which are invalid). */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const m = value === undefined ? null : TRACEPARENT.exec(value.trim().toLowerCase());
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return undefined;
  return { traceId: m[1]!, spanId: m[2]!, sampled: (Number.parseInt(m[3]!, 16) & 1) === 1 };
}

/**
 * The trace of a call: the relay's `traceparent` response header (its server span for a replay or
 * pass-through call), else the one the request carried.
 */
export function traceOf(exchange: Exchange): TraceContext | undefined {
  return (
    parseTraceparent(exchange.response?.headers['traceparent']) ??
    parseTraceparent(exchange.request.headers['traceparent'])
  );
}
