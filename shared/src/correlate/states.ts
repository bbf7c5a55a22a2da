import type { ApplicationState } from '../model/flow.ts';

/** One node of the application / transaction state machine, for display. */
export interface ApplicationStateInfo {
  state: ApplicationState;
  /** Short human label (`Authorized`). */
  label: string;
  /** Webhook `eventDetails.loanStatus.status` values that mean this state. */
  webhookStatuses: readonly string[];
  /** `loan-status` `loanStatus` values that mean this state. */
  loanStatuses: readonly string[];
  /** What the integration is expected to do next, in words. */
  expectedNext: readonly string[];
  /** No further transition is expected. */
  terminal: boolean;
}

/** The states in display order (AVVANCE_API.md §3.3), with their Avvance names and next steps. */
export const APPLICATION_STATES: readonly ApplicationStateInfo[] = [
  info('unknown', 'Unknown', [], [], ['create the application: POST /poslp/services/avvance-loan/v1/create']),
  info(
    'created',
    'Created',
    [],
    [],
    [
      'send the consumer to consumerOnboardingURL (valid 30 days; no iframe)',
      'expect webhook APPLICATION_STARTED',
    ],
  ),
  info(
    'started',
    'Started',
    ['APPLICATION_STARTED'],
    [],
    [
      'consumer completes the hosted application',
      'expect APPLICATION_APPROVED, APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION or APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
    ],
  ),
  info(
    'pending-customer-action',
    'Pending customer action',
    ['APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION'],
    [],
    [
      'consumer must act (credit freeze or identity verification)',
      'then expect APPLICATION_APPROVED or APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
    ],
  ),
  info(
    'partially-approved',
    'Partially approved',
    ['APPLICATION_PARTIALLY_APPROVED'],
    [],
    [
      'consumer may accept the lower amount, add a co-applicant, or pay another way',
      'keep the order pending',
    ],
  ),
  info(
    'approved',
    'Approved',
    ['APPLICATION_APPROVED'],
    [],
    [
      'consumer accepts the offer and e-signs; expect INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
      'approval expires after 48 h (APPLICATION_LINK_EXPIRED)',
    ],
  ),
  info(
    'denied',
    'Denied',
    ['APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT'],
    [],
    ['offer another payment method (partnerReturnErrorUrl)'],
  ),
  info(
    'system-error',
    'System error',
    ['SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT'],
    [],
    ['offer another payment method; a retry needs a new create with a new partnerSessionId'],
  ),
  info(
    'link-expired',
    'Link expired',
    ['APPLICATION_LINK_EXPIRED'],
    [],
    ['start again with a new create request'],
  ),
  info(
    'authorized',
    'Authorized',
    ['INVOICE_PAYMENT_TRANSACTION_AUTHORIZED'],
    ['AUTHORIZED'],
    ['void before settlement, or wait for settlement', 'expect INVOICE_PAYMENT_TRANSACTION_SETTLED'],
  ),
  info(
    'settled',
    'Settled',
    ['INVOICE_PAYMENT_TRANSACTION_SETTLED'],
    ['SETTLED'],
    ['refund (full or partial)'],
  ),
  info('voided', 'Voided', [], ['VOIDED'], ['nothing: the purchase was voided']),
  info(
    'refund-in-progress',
    'Refund in progress',
    [],
    ['REFUND_IN_PROGRESS'],
    [
      'wait for the refund to settle (loan-status REFUNDED)',
      'a refund can still be voided before it settles',
    ],
  ),
  info('refunded', 'Refunded', [], ['REFUNDED'], ['nothing: refunded (refund again if an amount remains)']),
];

function info(
  state: ApplicationState,
  label: string,
  webhookStatuses: string[],
  loanStatuses: string[],
  expectedNext: string[],
): ApplicationStateInfo {
  const terminal = ['denied', 'system-error', 'link-expired', 'voided', 'refunded'].includes(state);
  return { state, label, webhookStatuses, loanStatuses, expectedNext, terminal };
}

/**
 * Direct transitions the Workbench accepts. `unknown` may jump anywhere (capture can start mid-journey);
 * everything else only moves forward, so the graph is acyclic and "later" means "reachable".
 */
export const APPLICATION_TRANSITIONS: Readonly<Record<ApplicationState, readonly ApplicationState[]>> = {
  unknown: APPLICATION_STATES.map((s) => s.state).filter((s) => s !== 'unknown'),
  created: ['started', 'link-expired'],
  started: [
    'approved',
    'partially-approved',
    'pending-customer-action',
    'denied',
    'system-error',
    'link-expired',
  ],
  'pending-customer-action': ['approved', 'partially-approved', 'denied', 'system-error', 'link-expired'],
  'partially-approved': ['approved', 'authorized', 'denied', 'link-expired'],
  approved: ['authorized', 'link-expired'],
  authorized: ['settled', 'voided'],
  settled: ['refund-in-progress', 'refunded'],
  'refund-in-progress': ['refunded'],
  denied: [],
  'system-error': [],
  'link-expired': [],
  voided: [],
  refunded: [],
};

const reachable = new Map<ApplicationState, ReadonlySet<ApplicationState>>();
for (const { state } of APPLICATION_STATES) {
  const seen = new Set<ApplicationState>();
  const stack = [...APPLICATION_TRANSITIONS[state]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...APPLICATION_TRANSITIONS[next]);
  }
  reachable.set(state, seen);
}

/** True when `to` is later than `from` (reachable through one or more allowed transitions). */
export function canAdvance(from: ApplicationState, to: ApplicationState): boolean {
  return reachable.get(from)?.has(to) ?? false;
}

const byState = new Map(APPLICATION_STATES.map((s) => [s.state, s]));
const byWebhook = new Map(
  APPLICATION_STATES.flatMap((s) => s.webhookStatuses.map((w) => [w, s.state] as const)),
);
const byLoanStatus = new Map(
  APPLICATION_STATES.flatMap((s) => s.loanStatuses.map((l) => [l, s.state] as const)),
);

/** The display info of a state. */
export function stateInfo(state: ApplicationState): ApplicationStateInfo {
  return byState.get(state)!;
}

/** Maps a webhook `loanStatus.status` (case-insensitive) to a state, or `null` for unknown values. */
export function stateFromWebhookStatus(status: string): ApplicationState | null {
  return byWebhook.get(status.toUpperCase()) ?? null;
}

/** Maps a `loan-status` `loanStatus` value (case-insensitive) to a state, or `null` for unknown values. */
export function stateFromLoanStatus(status: string): ApplicationState | null {
  return byLoanStatus.get(status.toUpperCase()) ?? null;
}
