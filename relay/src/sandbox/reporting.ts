import type { MerchantInvoice, MerchantTransactionsResponse } from '../../../shared/src/openapi/index.ts';
import { formatAvvanceTimestamp } from '../../../shared/src/openapi/index.ts';
import { avvanceError } from './errors.ts';
import { refundedTotal, transactionStatus } from './state-machines.ts';
import type { PartnerState } from './store.ts';

/** Longest reporting window, days (inclusive of both ends). */
export const MAX_REPORT_DAYS = 30;
/** Largest and default page size. */
export const MAX_PAGE_SIZE = 100;

const DAY = 86_400_000;

function parseDate(name: string, value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw avvanceError('fieldFormat', undefined, name, 'Expected yyyy-MM-dd', value);
  return ms;
}

function parsePaging(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max)
    throw avvanceError('invalidPaging', undefined, name, `Must be 1–${max}`, value);
  return n;
}

/** Reporting headers as sent (`startDate`, `endDate`, `pageNumber`, `pageSize`). */
export interface ReportQuery {
  startDate?: string;
  endDate?: string;
  pageNumber?: string;
  pageSize?: string;
}

/**
 * `GET /transactions`: the merchant's purchase and refund rows whose date falls in the window (default the
 * last 30 days up to today; at most 30 days), paged by headers.
 */
export function listTransactions(
  partner: PartnerState,
  merchantId: string,
  q: ReportQuery,
  now: number,
): MerchantTransactionsResponse {
  const today = Math.floor(now / DAY) * DAY;
  const end =
    q.endDate !== undefined
      ? parseDate('endDate', q.endDate)
      : q.startDate !== undefined
        ? Math.min(parseDate('startDate', q.startDate) + (MAX_REPORT_DAYS - 1) * DAY, today)
        : today;
  const start =
    q.startDate !== undefined ? parseDate('startDate', q.startDate) : end - (MAX_REPORT_DAYS - 1) * DAY;
  if (start > end)
    throw avvanceError(
      'invalidFieldValue',
      'startDate must not be after endDate',
      'startDate',
      'After endDate',
      q.startDate,
    );
  if ((end - start) / DAY + 1 > MAX_REPORT_DAYS) {
    const e = avvanceError('invalidFieldValue', 'Date range must not exceed 30 days');
    e.options.details = [
      { attributeName: 'startDate', reason: 'Window exceeds 30 days', attributeValue: q.startDate ?? '' },
      { attributeName: 'endDate', reason: 'Window exceeds 30 days', attributeValue: q.endDate ?? '' },
    ];
    throw e;
  }
  const pageNumber = parsePaging('pageNumber', q.pageNumber, 1, Number.MAX_SAFE_INTEGER);
  const pageSize = parsePaging('pageSize', q.pageSize, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const rows: MerchantInvoice[] = [];
  const inWindow = (t: number) => t >= start && t < end + DAY;
  for (const app of partner.applications.values()) {
    const txn = app.txn;
    if (!txn || app.merchantId !== merchantId) continue;
    const names = {
      ...(app.consumer?.firstName ? { consumerFirstName: app.consumer.firstName } : {}),
      ...(app.consumer?.lastName ? { consumerLastName: app.consumer.lastName } : {}),
    };
    if (inWindow(txn.authorizedAt)) {
      const status = transactionStatus(txn);
      rows.push({
        txnDate: formatAvvanceTimestamp(new Date(txn.authorizedAt)),
        invoiceID: app.invoiceId,
        txnType: 'FULL',
        ...names,
        txnStatus: status === 'REFUND_IN_PROGRESS' ? 'SETTLED' : status,
        txnAmount: txn.amount,
        sequenceNumber: txn.sequenceNumber,
        totalRefundedAmount: refundedTotal(txn, 'settled'),
      });
    }
    for (const r of txn.refunds) {
      if (!inWindow(r.createdAt)) continue;
      rows.push({
        txnDate: formatAvvanceTimestamp(new Date(r.createdAt)),
        invoiceID: app.invoiceId,
        txnType: r.amount >= txn.amount ? 'REFUND' : 'PARTIAL_REFUND',
        ...names,
        txnStatus: r.status === 'IN_PROGRESS' ? 'AUTHORIZED' : r.status === 'SETTLED' ? 'SETTLED' : 'VOIDED',
        txnAmount: r.amount,
        sequenceNumber: r.sequenceNumber,
        totalRefundedAmount: 0,
      });
    }
  }
  rows.sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  const from = (pageNumber - 1) * pageSize;
  return {
    transactions: {
      merchantID: merchantId,
      merchantInvoices: rows.slice(from, from + pageSize),
      _metadata: { pageNumber, pageSize, hasNext: rows.length > from + pageSize },
    },
  };
}
