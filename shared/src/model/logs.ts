/**
 * The seed HLD §5.2 log records, kept exactly as specified: one record per request and one per
 * response, joined by `id` (the call's correlation id).
 */

/** Header map with lower-cased names; repeated headers are joined with `, ` (Set-Cookie with `\n`). */
export type HeaderMap = Record<string, string>;

/** A request as it left the client (page, popup, relay or partner backend). */
export interface RequestLog {
  /** Correlation id of the call: the `Correlation-ID` header when present, otherwise a generated id. */
  id: string;
  /** ISO 8601 time the request started. */
  timestamp: string;
  type: 'request';
  /** Upper-case HTTP method. */
  method: string;
  /** Absolute URL including the query string. */
  url: string;
  headers: HeaderMap;
  /** Parsed JSON value when the body is JSON, otherwise the raw text. Absent when there is no body. */
  body?: unknown;
  /** Query parameters (last value wins for repeated keys; the full form stays in `url`). */
  query?: Record<string, string>;
  /** Avvance partner the call was made for (`partner-ID` header), `''` when unknown. */
  partnerId: string;
  /** Workbench user who captured or sent the call, `''` when unknown. */
  userId: string;
}

/** The response to a {@link RequestLog}, or the error that stopped it. */
export interface ResponseLog {
  /** Same id as the request it answers. */
  id: string;
  /** ISO 8601 time the response finished. */
  timestamp: string;
  type: 'response';
  method: string;
  url: string;
  /** HTTP status; 0 when no response arrived (see `error`). */
  status: number;
  /** Total time in milliseconds from request start to response end. */
  duration: number;
  headers: HeaderMap;
  /** Parsed JSON value when the body is JSON, otherwise the raw text. */
  body?: unknown;
  /** Network or relay error message when the call did not complete. */
  error?: string;
}
