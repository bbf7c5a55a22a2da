/**
 * A journey: the exchanges of one financing application (or pre-approval, or merchant enrolment)
 * grouped by the ids they share.
 */

/** Kinds of id that join exchanges into a flow. */
export type CorrelationKind =
  | 'correlationId'
  | 'requestId'
  | 'traceId'
  | 'partnerSessionId'
  | 'applicationGUID'
  | 'preApprovalRequestId'
  | 'paymentTransactionId';

/** One id found in an exchange, with where it was found (for display and debugging). */
export interface CorrelationKey {
  kind: CorrelationKind;
  value: string;
  /** e.g. `request.header:correlation-id`, `response.body:eventDetails.applicationGUID`. */
  where: string;
}

/**
 * Where a financing application stands, following the Avvance application and transaction state
 * machines (AVVANCE_API.md §3.3). `unknown` until an exchange says otherwise.
 */
export type ApplicationState =
  | 'unknown'
  | 'created'
  | 'started'
  | 'approved'
  | 'partially-approved'
  | 'pending-customer-action'
  | 'denied'
  | 'system-error'
  | 'link-expired'
  | 'authorized'
  | 'settled'
  | 'voided'
  | 'refund-in-progress'
  | 'refunded';

/** A journey of exchanges that share correlation ids. */
export interface Flow {
  /** Stable id of the flow (the first key's value that founded it, prefixed by kind). */
  id: string;
  /** Human label, e.g. `application 7b831e4d…` or `POST /create`. */
  label: string;
  /** Every distinct id that belongs to this flow. */
  keys: CorrelationKey[];
  /** Exchange ids in the order they were added. */
  exchangeIds: string[];
  /** Latest application state seen in this flow. */
  state: ApplicationState;
  /** What the integration is expected to do next, in words (e.g. `poll loan-status or wait for webhook`). */
  expectedNext: string[];
  /** Epoch ms of the first and last exchange. */
  startedAt: number;
  lastAt: number;
  /** Number of exchanges whose response is an error (status ≥ 400 or network error). */
  errorCount: number;
}
