import Type, { type Static } from 'typebox';
import {
  ApplicationGuid,
  IsoDate,
  MerchantId,
  MetadataEntry,
  PartnerSessionId,
  StringEnum,
  UsDate,
  YesNo,
} from './common.ts';

/** Every `eventDetails.loanStatus.status` value, in journey order (`APPLICATION_PARTIALLY_APPROVED` is plugin-observed). */
export const LOAN_APPLICATION_STATUSES = [
  'APPLICATION_STARTED',
  'APPLICATION_APPROVED',
  'APPLICATION_PARTIALLY_APPROVED',
  'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION',
  'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
  'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT',
  'APPLICATION_LINK_EXPIRED',
  'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
  'INVOICE_PAYMENT_TRANSACTION_SETTLED',
] as const;

/** Every `eventDetails.loanStatus.merchantMessage` value. */
export const MERCHANT_MESSAGES = [
  'PENDING_CUSTOMER_ACTION',
  'EXPIRED_LINK',
  'REQUEST_ALTERNATIVE_PAYMENT',
  'INVOICE_PAID',
  'PAYMENT_SETTLED',
] as const;

/** Every value of `GET /loan-status` → `loanStatus` (the transaction state, not the application state). */
export const TRANSACTION_STATUSES = [
  'AUTHORIZED',
  'SETTLED',
  'VOIDED',
  'REFUNDED',
  'REFUND_IN_PROGRESS',
] as const;

/** Application status carried by `LOAN_STATUS_DETAILS` webhooks. */
export const LoanApplicationStatus = StringEnum(LOAN_APPLICATION_STATUSES, {
  description: 'Application/loan status. `APPLICATION_PARTIALLY_APPROVED` is seen in client code only.',
});
export type LoanApplicationStatus = Static<typeof LoanApplicationStatus>;

/** What the merchant should do, paired with each application status. */
export const MerchantMessage = StringEnum(MERCHANT_MESSAGES, {
  description: 'Merchant-facing summary of the status.',
});
export type MerchantMessage = Static<typeof MerchantMessage>;

/**
 * The `merchantMessage` the sandbox pairs with each status (inferred from the spec's descriptions; the
 * real service has not been observed for every status).
 */
export const MERCHANT_MESSAGE_BY_STATUS: Readonly<Record<LoanApplicationStatus, MerchantMessage>> = {
  APPLICATION_STARTED: 'PENDING_CUSTOMER_ACTION',
  APPLICATION_APPROVED: 'PENDING_CUSTOMER_ACTION',
  APPLICATION_PARTIALLY_APPROVED: 'PENDING_CUSTOMER_ACTION',
  APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION: 'PENDING_CUSTOMER_ACTION',
  APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT: 'REQUEST_ALTERNATIVE_PAYMENT',
  SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT: 'REQUEST_ALTERNATIVE_PAYMENT',
  APPLICATION_LINK_EXPIRED: 'EXPIRED_LINK',
  INVOICE_PAYMENT_TRANSACTION_AUTHORIZED: 'INVOICE_PAID',
  INVOICE_PAYMENT_TRANSACTION_SETTLED: 'PAYMENT_SETTLED',
};

/** Transaction state returned by `GET /loan-status`. */
export const TransactionStatus = StringEnum(TRANSACTION_STATUSES, {
  description: 'AUTHORIZED → VOIDED, or AUTHORIZED → SETTLED → REFUND_IN_PROGRESS → REFUNDED.',
});
export type TransactionStatus = Static<typeof TransactionStatus>;

/** A postal address used to prefill the hosted application. */
export const Address = Type.Object({
  street1: Type.Optional(Type.String({ maxLength: 100, description: 'House number and street. PII.' })),
  street2: Type.Optional(Type.String({ maxLength: 100, description: 'Unit/apartment. PII.' })),
  street3: Type.Optional(Type.String({ maxLength: 100, description: 'Building name. PII.' })),
  city: Type.Optional(Type.String({ maxLength: 50 })),
  state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'Two-letter state code.' })),
  countryCode: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', examples: ['US'] })),
  postalCode: Type.Optional(
    Type.String({ pattern: '^\\d{5}(-?\\d{4})?$', description: 'ZIP, ZIP+4 or 9 bare digits.' }),
  ),
});
export type Address = Static<typeof Address>;

/** A shipping address: an {@link Address} plus `shippingDate`. */
export const ShippingAddress = Type.Object({
  ...Address.properties,
  shippingDate: Type.Optional(IsoDate),
});
export type ShippingAddress = Static<typeof ShippingAddress>;

/** An IPv4 or IPv6 address. */
export const IpAddress = Type.Union([Type.String({ format: 'ipv4' }), Type.String({ format: 'ipv6' })], {
  description: 'IPv4 or IPv6 address. PII.',
});
export type IpAddress = Static<typeof IpAddress>;

/** Consumer prefill data. Only prefills the hosted page: SSN, DOB and income are never sent by partners. */
export const Consumer = Type.Object({
  language: Type.Optional(Type.String({ examples: ['EN'] })),
  email: Type.Optional(Type.String({ format: 'email' })),
  firstName: Type.Optional(Type.String({ maxLength: 50 })),
  middleName: Type.Optional(Type.String({ maxLength: 50 })),
  lastName: Type.Optional(Type.String({ maxLength: 50 })),
  mobilePhone: Type.Optional(
    Type.String({
      pattern: '^\\d{10}$',
      description: 'Ten bare digits. In UAT only `9009009000` is approvable; other numbers decline.',
      examples: ['9009009000'],
    }),
  ),
  billingAddress: Type.Optional(Address),
  shippingAddress: Type.Optional(ShippingAddress),
  IPAddress: Type.Optional(IpAddress),
});
export type Consumer = Static<typeof Consumer>;

/**
 * Invoice amount of the create request. The spec types it as a string (`"340"`); some clients send a
 * JSON number, which the sandbox accepts too. Must be within $300–$25,000 (a business rule answered with
 * `400.44010.4111`, hence not a schema bound).
 */
export const InvoiceAmountValue = Type.Union(
  [Type.String({ pattern: '^\\d+(\\.\\d{1,2})?$' }), Type.Number({ exclusiveMinimum: 0 })],
  { description: 'Amount in USD, preferably as a string (`"340"`). Allowed range $300–$25,000.' },
);
export type InvoiceAmountValue = Static<typeof InvoiceAmountValue>;

/** `POST /poslp/services/avvance-loan/v1/create` body (FinancingInitiationRequest). */
export const FinancingInitiationRequest = Type.Object(
  {
    partnerSessionId: PartnerSessionId,
    merchantId: MerchantId,
    invoiceAmount: InvoiceAmountValue,
    invoiceId: Type.Optional(Type.String({ maxLength: 64 })),
    merchantTransactionId: Type.Optional(Type.String({ maxLength: 64 })),
    purchaseDescription: Type.Optional(
      Type.String({ maxLength: 255, description: 'Free text; may hold PII.' }),
    ),
    clientApplication: Type.Optional(
      Type.String({ description: 'Seen in client code (`MERCHANT_PORTAL`).', examples: ['MERCHANT_PORTAL'] }),
    ),
    consumer: Type.Optional(Consumer),
    metadata: Type.Optional(Type.Array(MetadataEntry)),
    partnerReturnErrorUrl: Type.Optional(
      Type.String({ format: 'uri', description: 'Where the consumer goes to pay another way.' }),
    ),
  },
  { description: 'Financing initiation: creates the cart/application and returns the consumer URL.' },
);
export type FinancingInitiationRequest = Static<typeof FinancingInitiationRequest>;

/** Create response. Note `partnerSessionID` (capital `ID`), unlike the request's `partnerSessionId`. */
export const FinancingInitiationResponse = Type.Object(
  {
    status: StringEnum(['SUCCESS', 'FAIL'] as const),
    isMerchantValid: YesNo,
    isCartCreated: YesNo,
    consumerOnboardingURL: Type.Optional(
      Type.String({
        format: 'uri',
        description: 'Hosted application link (capability URL; valid 30 days; no iframes).',
      }),
    ),
    applicationGUID: Type.Optional(ApplicationGuid),
    partnerSessionID: Type.Optional(PartnerSessionId),
  },
  { description: 'Financing initiation result (HTTP 201).' },
);
export type FinancingInitiationResponse = Static<typeof FinancingInitiationResponse>;

/** `GET /loan-status` response. */
export const LoanStatusResponse = Type.Object({ loanStatus: TransactionStatus });
export type LoanStatusResponse = Static<typeof LoanStatusResponse>;

/** `POST /void` body: voids an unsettled purchase or refund. */
export const VoidRequest = Type.Object({ merchantId: MerchantId, partnerSessionId: PartnerSessionId });
export type VoidRequest = Static<typeof VoidRequest>;

/** `POST /refund` body: full or partial refund of a settled purchase. */
export const RefundRequest = Type.Object({
  partnerSessionId: PartnerSessionId,
  merchantId: MerchantId,
  refundAmount: Type.Number({
    exclusiveMinimum: 0,
    description: 'USD. Partial refunds allowed; the sum of refunds may not exceed the purchase.',
  }),
});
export type RefundRequest = Static<typeof RefundRequest>;

/** Void/refund result (HTTP 201). */
export const VoidRefundResponse = Type.Object({
  isTransactionComplete: Type.Boolean(),
  paymentTransactionId: Type.String({
    maxLength: 36,
    description: '10-character id for authorizations, UUID for void/refund (both seen).',
  }),
  approvalCode: Type.String({ maxLength: 6 }),
  partnerSessionId: PartnerSessionId,
});
export type VoidRefundResponse = Static<typeof VoidRefundResponse>;

/** `{ value, currency }` money object of webhooks. */
export const MoneyAmount = Type.Object({
  value: Type.Number({ description: 'Amount (up to 8 digits).' }),
  currency: Type.String({ maxLength: 7, examples: ['USD'] }),
});
export type MoneyAmount = Static<typeof MoneyAmount>;

/** `eventDetails.loanStatus`: the status and its merchant message. */
export const LoanStatusDetail = Type.Object({
  status: LoanApplicationStatus,
  merchantMessage: MerchantMessage,
});
export type LoanStatusDetail = Static<typeof LoanStatusDetail>;

/** Loan terms, present once the application is approved and the transaction authorized. */
export const LoanSummary = Type.Object({
  accountType: Type.Optional(Type.String({ maxLength: 24, examples: ['Avvance installment loan'] })),
  accountNumber: Type.Optional(
    Type.String({
      maxLength: 20,
      description: 'Loan account number; documented as last 4 digits (the sandbox masks all but the last 4).',
    }),
  ),
  amountFinanced: Type.Optional(Type.String({ maxLength: 8, description: 'USD, as a string.' })),
  apr: Type.Optional(Type.Number({ description: 'Percent.' })),
  term: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: 'Months.' })),
  monthlyPayment: Type.Optional(Type.Number()),
  totalLoanAmount: Type.Optional(Type.Number()),
  firstPaymentDue: Type.Optional(UsDate),
});
export type LoanSummary = Static<typeof LoanSummary>;
