import Type, { type Static } from 'typebox';
import { AvvanceTimestamp, MerchantId, StringEnum } from './common.ts';

/** Reporting `txnType` values (`FULL` is confirmed; the others are the sandbox's proposal). */
export const TXN_TYPES = ['FULL', 'PARTIAL_REFUND', 'REFUND', 'VOID'] as const;

/** Reporting `txnStatus` values. */
export const TXN_STATUSES = ['AUTHORIZED', 'SETTLED', 'VOIDED', 'REFUNDED'] as const;

/** One transaction row of `GET /transactions`. */
export const MerchantInvoice = Type.Object({
  txnDate: AvvanceTimestamp,
  invoiceID: Type.String({ examples: ['INQUD33826967'] }),
  txnType: StringEnum(TXN_TYPES),
  consumerFirstName: Type.Optional(Type.String({ description: 'PII.' })),
  consumerLastName: Type.Optional(Type.String({ description: 'PII.' })),
  txnStatus: StringEnum(TXN_STATUSES),
  txnAmount: Type.Number(),
  sequenceNumber: Type.Integer({ minimum: 1 }),
  totalRefundedAmount: Type.Number({ minimum: 0 }),
});
export type MerchantInvoice = Static<typeof MerchantInvoice>;

/** Paging block of the reporting response (`_metadata`). */
export const PageMetadata = Type.Object({
  pageNumber: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
  hasNext: Type.Boolean(),
});
export type PageMetadata = Static<typeof PageMetadata>;

/** `GET /poslp/services/avvance-loan/v1/transactions` response (MerchantTransactionsResponse). */
export const MerchantTransactionsResponse = Type.Object(
  {
    transactions: Type.Object({
      merchantID: MerchantId,
      merchantInvoices: Type.Array(MerchantInvoice),
      _metadata: PageMetadata,
    }),
  },
  { description: 'One page of merchant transactions (date window ≤ 30 days).' },
);
export type MerchantTransactionsResponse = Static<typeof MerchantTransactionsResponse>;
