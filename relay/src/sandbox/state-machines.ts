import type { LoanApplicationStatus, TransactionStatus } from '../../../shared/src/openapi/index.ts';
import type { SandboxDurations } from './clock.ts';
import { avvanceError } from './errors.ts';
import type { ApplicationRecord, ApplicationState, MerchantRecord, TransactionRecord } from './store.ts';

// Application (LOAN_STATUS_DETAILS) machine, AVVANCE_API.md §3.3:
// create → LINK_ISSUED ─open→ APPLICATION_STARTED ─submit→ APPROVED | PARTIALLY_APPROVED | PENDING… | DENIED… |
// SYSTEM_ERROR… ; APPROVED/PARTIAL ─accept→ AUTHORIZED ─settlement→ SETTLED; unused link 30 d or
// approval not accepted in 48 h → APPLICATION_LINK_EXPIRED.

const SUBMITTABLE: readonly ApplicationState[] = [
  'LINK_ISSUED',
  'APPLICATION_STARTED',
  'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION',
];
const ACCEPTABLE: readonly ApplicationState[] = ['APPLICATION_APPROVED', 'APPLICATION_PARTIALLY_APPROVED'];
const LINK_LIVE: readonly ApplicationState[] = [...SUBMITTABLE];

/** Status after the consumer opens the link, or `undefined` when opening changes nothing. */
export function statusOnOpen(state: ApplicationState): LoanApplicationStatus | undefined {
  return state === 'LINK_ISSUED' ? 'APPLICATION_STARTED' : undefined;
}

/** Throws 400 `4111` unless the consumer may (re)submit the application in this state. */
export function assertCanSubmit(app: ApplicationRecord): void {
  if (!SUBMITTABLE.includes(app.state))
    throw avvanceError(
      'invalidFieldValue',
      `Application cannot be submitted in status ${app.state}`,
      'status',
      'Wrong application state',
      app.state,
    );
}

/** Throws 400 `4111` unless the application is approved (fully or partially) and not accepted yet. */
export function assertCanAccept(app: ApplicationRecord): void {
  if (!ACCEPTABLE.includes(app.state))
    throw avvanceError(
      'invalidFieldValue',
      `Application cannot be accepted in status ${app.state}`,
      'status',
      'Wrong application state',
      app.state,
    );
}

/** True when the link (30 days) or the approval (48 h) has run out at `now`. */
export function isApplicationExpired(app: ApplicationRecord, now: number, d: SandboxDurations): boolean {
  if (LINK_LIVE.includes(app.state)) return now >= app.createdAt + d.linkExpiryMs;
  if (ACCEPTABLE.includes(app.state))
    return (
      now >= (app.approvedAt ?? app.stateAt) + d.approvedExpiryMs || now >= app.createdAt + d.linkExpiryMs
    );
  return false;
}

/** True while the consumer can still use the hosted page. */
export function isLinkUsable(app: ApplicationRecord): boolean {
  return app.state !== 'APPLICATION_LINK_EXPIRED';
}

// Transaction machine (`GET /loan-status`): AUTHORIZED ─void→ VOIDED; AUTHORIZED ─settle→ SETTLED
// ─refund→ REFUND_IN_PROGRESS ─settle→ SETTLED (partial) | REFUNDED (Σ refunds = amount).

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Sum of refunds that were not voided. */
export function refundedTotal(txn: TransactionRecord, include: 'all' | 'settled' = 'all'): number {
  return round2(
    txn.refunds
      .filter((r) => r.status !== 'VOIDED' && (include === 'all' || r.status === 'SETTLED'))
      .reduce((sum, r) => sum + r.amount, 0),
  );
}

/** The `loanStatus` of `GET /loan-status` for a transaction. */
export function transactionStatus(txn: TransactionRecord): TransactionStatus {
  if (txn.status !== 'SETTLED') return txn.status;
  if (txn.refunds.some((r) => r.status === 'IN_PROGRESS')) return 'REFUND_IN_PROGRESS';
  return refundedTotal(txn, 'settled') >= txn.amount ? 'REFUNDED' : 'SETTLED';
}

/**
 * Voids the purchase (AUTHORIZED) or its refunds still in progress. Settled purchases answer
 * "Transaction already settled. Please use Refund"; voided ones `4131`.
 */
export function applyVoid(txn: TransactionRecord, now: number): 'purchase' | 'refund' {
  const status = transactionStatus(txn);
  if (status === 'AUTHORIZED') {
    txn.status = 'VOIDED';
    txn.voidedAt = now;
    return 'purchase';
  }
  if (status === 'REFUND_IN_PROGRESS') {
    for (const r of txn.refunds) if (r.status === 'IN_PROGRESS') r.status = 'VOIDED';
    return 'refund';
  }
  if (status === 'VOIDED') throw avvanceError('invalidTransactionState', 'Transaction already voided');
  throw avvanceError('invalidFieldValue', 'Transaction already settled. Please use Refund');
}

/** Checks a refund against the transaction: only once settled, and never beyond the purchase amount. */
export function assertCanRefund(txn: TransactionRecord, amount: number): void {
  const status = transactionStatus(txn);
  if (status === 'AUTHORIZED')
    throw avvanceError('invalidFieldValue', 'Transaction not settled. Please use Void');
  if (status === 'VOIDED')
    throw avvanceError('invalidTransactionState', 'Transaction voided; nothing to refund');
  const available = round2(txn.amount - refundedTotal(txn));
  if (amount > available + 1e-9)
    throw avvanceError(
      'invalidFieldValue',
      'Refund amount exceeds available amount',
      'refundAmount',
      'Exceeds available amount',
      String(amount),
    );
}

/** One change made by a settlement run. */
export interface SettlementTransition {
  from: TransactionStatus;
  to: TransactionStatus;
  purchaseSettled: boolean;
}

/** Settles an AUTHORIZED purchase and every refund in progress; `undefined` when nothing changed. */
export function settleTransaction(txn: TransactionRecord, now: number): SettlementTransition | undefined {
  const from = transactionStatus(txn);
  let purchaseSettled = false;
  if (txn.status === 'AUTHORIZED') {
    txn.status = 'SETTLED';
    txn.settledAt = now;
    purchaseSettled = true;
  } else if (from === 'REFUND_IN_PROGRESS') {
    for (const r of txn.refunds) {
      if (r.status === 'IN_PROGRESS') {
        r.status = 'SETTLED';
        r.settledAt = now;
      }
    }
  } else return undefined;
  return { from, to: transactionStatus(txn), purchaseSettled };
}

// Merchant machine: PENDING_ENROLLMENT → ACTIVE (MERCHANT_ACTIVATION) → UNENROLLED (MERCHANT_DEACTIVATION).

/** Throws unless `merchant` may move to `to`. Re-activating an unenrolled merchant is allowed. */
export function assertMerchantTransition(merchant: MerchantRecord, to: MerchantRecord['status']): void {
  const ok =
    (to === 'ACTIVE' && merchant.status !== 'ACTIVE') ||
    (to === 'UNENROLLED' && merchant.status === 'ACTIVE');
  if (!ok)
    throw avvanceError(
      to === 'UNENROLLED' ? 'invalidMerchant' : 'invalidFieldValue',
      `Merchant is ${merchant.status}`,
      'merchantId',
      `Cannot move from ${merchant.status} to ${to}`,
      merchant.merchantId,
    );
}
