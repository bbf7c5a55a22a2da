import Type, { type Static } from 'typebox';
import {
  ApplicationGuid,
  AvvanceTimestamp,
  MerchantId,
  MetadataEntry,
  PartnerSessionId,
  StringEnum,
} from './common.ts';
import { LoanStatusDetail, LoanSummary, MoneyAmount } from './financing.ts';

/** The three webhook `eventName`s Avvance posts to partners. */
export const WEBHOOK_EVENT_NAMES = [
  'LOAN_STATUS_DETAILS',
  'AVVANCE_MERCHANT_ACTIVITY',
  'PRE_APPROVAL_LEADS',
] as const;

/** A webhook `eventName`. */
export const WebhookEventName = StringEnum(WEBHOOK_EVENT_NAMES);
export type WebhookEventName = Static<typeof WebhookEventName>;

/** Merchant activity `eventStatus` values. */
export const MERCHANT_EVENT_STATUSES = ['MERCHANT_ACTIVATION', 'MERCHANT_DEACTIVATION'] as const;

/** Pre-approval `leadstatus` values seen in client code (the spec example says `Qualified lead`). */
export const LEAD_STATUSES = ['PRE_APPROVED', 'NOT_APPROVED'] as const;

const envelope = {
  alternateId: Type.String({ description: 'The partner id (`partner-ID`).', examples: ['partner-org-name'] }),
  occurredAt: Type.Optional(AvvanceTimestamp),
  productName: Type.String({ examples: ['BNPL'] }),
};

/** `eventDetails` of a `LOAN_STATUS_DETAILS` webhook. */
export const LoanStatusEventDetails = Type.Object({
  merchantId: MerchantId,
  applicationGUID: Type.Optional(ApplicationGuid),
  terminalId: Type.Optional(Type.Integer({ description: 'Numeric terminal id (up to 28 digits).' })),
  paymentTransactionId: Type.Optional(Type.String({ maxLength: 10, examples: ['56F478UI89'] })),
  approvalCode: Type.Optional(Type.String({ maxLength: 6, examples: ['528657'] })),
  partnerSessionId: Type.Optional(PartnerSessionId),
  loanStatus: LoanStatusDetail,
  invoiceAmount: Type.Optional(MoneyAmount),
  loanSummary: Type.Optional(LoanSummary),
});
export type LoanStatusEventDetails = Static<typeof LoanStatusEventDetails>;

/**
 * `LOAN_STATUS_DETAILS` webhook body, also the body of `GET notification-status` (the last payload for
 * the application, verbatim).
 */
export const LoanStatusEvent = Type.Object(
  {
    notificationType: Type.String({ maxLength: 7, examples: ['WEBHOOK'] }),
    ...envelope,
    eventName: Type.Literal('LOAN_STATUS_DETAILS'),
    eventDetails: LoanStatusEventDetails,
  },
  { description: 'Application/loan status notification.' },
);
export type LoanStatusEvent = Static<typeof LoanStatusEvent>;

/** `AVVANCE_MERCHANT_ACTIVITY` webhook body. */
export const MerchantActivityEvent = Type.Object(
  {
    ...envelope,
    eventName: Type.Literal('AVVANCE_MERCHANT_ACTIVITY'),
    eventDetails: Type.Object({
      merchantId: MerchantId,
      eventStatus: StringEnum(MERCHANT_EVENT_STATUSES),
    }),
  },
  { description: 'Merchant enrolled (activated) or unenrolled (deactivated).' },
);
export type MerchantActivityEvent = Static<typeof MerchantActivityEvent>;

/** `eventDetails` of a `PRE_APPROVAL_LEADS` webhook. Heavy on consumer PII. */
export const PreApprovalLeadDetails = Type.Object({
  mid: MerchantId,
  preApprovalRequestId: Type.Optional(
    Type.String({ description: 'Seen in client code: id returned by pre-approval create.' }),
  ),
  leadid: Type.String({ examples: ['93979628'] }),
  leadstatus: Type.String({
    description: '`PRE_APPROVED` or `NOT_APPROVED` in client code; the spec example says `Qualified lead`.',
    examples: [...LEAD_STATUSES],
  }),
  customerName: Type.Optional(Type.String()),
  customerEmail: Type.Optional(Type.String({ format: 'email' })),
  customerPhone: Type.Optional(Type.String()),
  customerCity: Type.Optional(Type.String()),
  customerState: Type.Optional(Type.String()),
  merchantEmail: Type.Optional(Type.String({ format: 'email' })),
  leadExpiryDate: Type.Optional(AvvanceTimestamp),
  leadGenerationTime: Type.Optional(AvvanceTimestamp),
  metadata: Type.Optional(
    Type.Array(MetadataEntry, { description: 'E.g. `{ key: "maxPreApprovedAmount", value: "5000" }`.' }),
  ),
});
export type PreApprovalLeadDetails = Static<typeof PreApprovalLeadDetails>;

/** `PRE_APPROVAL_LEADS` webhook body (lead expires 15 days after generation). */
export const PreApprovalLeadsEvent = Type.Object(
  {
    ...envelope,
    eventName: Type.Literal('PRE_APPROVAL_LEADS'),
    eventDetails: PreApprovalLeadDetails,
  },
  { description: 'Result of a consumer pre-approval (pre-qualification).' },
);
export type PreApprovalLeadsEvent = Static<typeof PreApprovalLeadsEvent>;

/** Any of the three webhook bodies. */
export const WebhookEvent = Type.Union([LoanStatusEvent, MerchantActivityEvent, PreApprovalLeadsEvent]);
export type WebhookEvent = Static<typeof WebhookEvent>;
