import Type, { type Static } from 'typebox';
import { ApplicationGuid, IsoDate, MerchantId, PartnerSessionId, StringEnum } from './common.ts';
import {
  IpAddress,
  LoanApplicationStatus,
  LoanSummary,
  MerchantMessage,
  TransactionStatus,
} from './financing.ts';
import { OFFER_TYPES, Offer } from './offers.ts';
import {
  LEAD_STATUSES,
  LoanStatusEvent,
  MerchantActivityEvent,
  PreApprovalLeadsEvent,
  WebhookEventName,
} from './webhooks.ts';

/** A residential address on the simulated hosted application. */
export const ResidentialAddress = Type.Object({
  street1: Type.String({ minLength: 1 }),
  street2: Type.Optional(Type.String()),
  city: Type.String({ minLength: 1 }),
  state: Type.String({ pattern: '^[A-Z]{2}$' }),
  postalCode: Type.String({ pattern: '^\\d{5}(-?\\d{4})?$' }),
  countryCode: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
});
export type ResidentialAddress = Static<typeof ResidentialAddress>;

const applicantProperties = {
  firstName: Type.String({ minLength: 1 }),
  middleName: Type.Optional(Type.String()),
  lastName: Type.String({ minLength: 1 }),
  suffix: Type.Optional(Type.String()),
  dateOfBirth: IsoDate,
  ssn: Type.String({
    pattern: '^\\d{3}-?\\d{2}-?\\d{4}$',
    description: 'Use 666-xx-xxxx test numbers; the last four pick the outcome (see docs).',
  }),
  email: Type.String({ format: 'email' }),
  mobilePhone: Type.String({
    pattern: '^\\d{10}$',
    description: '`9009009000` is approvable; others decline.',
  }),
  homePhone: Type.Optional(Type.String()),
  residentialAddress: ResidentialAddress,
  yearsAtAddress: Type.Optional(Type.Integer({ minimum: 0 })),
  housingStatus: Type.Optional(StringEnum(['RENT', 'OWN', 'MORTGAGE', 'LIVE_WITH_FAMILY', 'OTHER'] as const)),
  monthlyHousingPayment: Type.Optional(Type.Number({ minimum: 0 })),
  annualIncome: Type.Number({ minimum: 0, description: 'Below 12,000 declines.' }),
  incomeFrequency: Type.Optional(StringEnum(['ANNUAL', 'MONTHLY'] as const)),
  otherIncome: Type.Optional(Type.Number({ minimum: 0 })),
  employmentStatus: Type.Optional(
    StringEnum(['EMPLOYED', 'SELF_EMPLOYED', 'RETIRED', 'UNEMPLOYED', 'STUDENT', 'OTHER'] as const),
  ),
  employerName: Type.Optional(Type.String()),
  occupation: Type.Optional(Type.String()),
  employerPhone: Type.Optional(Type.String()),
  citizenship: Type.Optional(StringEnum(['US_CITIZEN', 'PERMANENT_RESIDENT', 'NON_RESIDENT'] as const)),
  identityDocument: Type.Optional(
    Type.Object({
      type: StringEnum(['DRIVERS_LICENSE', 'STATE_ID', 'PASSPORT'] as const),
      number: Type.String({ minLength: 1 }),
      issuingState: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
      expirationDate: Type.Optional(IsoDate),
    }),
  ),
};

/** A co-applicant: the applicant fields without a nested co-applicant. */
export const CoApplicant = Type.Object(applicantProperties);
export type CoApplicant = Static<typeof CoApplicant>;

/** The consumer typing into the hosted application (SSN, DOB, income: the heavy PII). */
export const Applicant = Type.Object({
  ...applicantProperties,
  coApplicant: Type.Optional(Type.Union([CoApplicant, Type.Null()])),
});
export type Applicant = Static<typeof Applicant>;

/** The offer the consumer picks. */
export const SelectedOffer = Type.Object({
  termCount: Type.Integer({ minimum: 1 }),
  apr: Type.Number({ minimum: 0 }),
  offerType: StringEnum(OFFER_TYPES),
});
export type SelectedOffer = Static<typeof SelectedOffer>;

/** S2 body: what the simulated hosted page posts. */
export const HostedApplicationSubmit = Type.Object(
  {
    applicant: Applicant,
    consents: Type.Object({
      eSignConsent: Type.Boolean(),
      creditPullConsent: Type.Boolean(),
      tcpaConsent: Type.Optional(Type.Boolean()),
      ipAddress: Type.Optional(IpAddress),
      userAgent: Type.Optional(Type.String()),
      deviceFingerprint: Type.Optional(Type.String()),
    }),
    selectedOffer: Type.Optional(SelectedOffer),
    repayment: Type.Optional(
      Type.Object({
        autopay: Type.Boolean(),
        bankAccount: Type.Optional(
          Type.Object({
            routingNumber: Type.String({ pattern: '^\\d{9}$', description: 'ABA routing number.' }),
            accountNumber: Type.String({ pattern: '^\\d{4,17}$' }),
            accountType: StringEnum(['CHECKING', 'SAVINGS'] as const),
            accountHolderName: Type.String(),
          }),
        ),
      }),
    ),
    debitCardForFirstPayment: Type.Optional(
      Type.Object({
        cardNumber: Type.String({
          pattern: '^\\d{13,19}$',
          description: 'Use test PANs (4111111111111111).',
        }),
        expMonth: Type.String({ pattern: '^(0[1-9]|1[0-2])$' }),
        expYear: Type.String({ pattern: '^\\d{4}$' }),
        cvv: Type.String({ pattern: '^\\d{3,4}$' }),
      }),
    ),
  },
  { description: 'Full consumer application as the simulated hosted page submits it (sandbox only).' },
);
export type HostedApplicationSubmit = Static<typeof HostedApplicationSubmit>;

/** S3 body (optional): accept an offer and e-sign. */
export const AcceptApplicationRequest = Type.Object({
  selectedOffer: Type.Optional(SelectedOffer),
  eSignConsent: Type.Optional(Type.Boolean({ description: 'Defaults to true.' })),
});
export type AcceptApplicationRequest = Static<typeof AcceptApplicationRequest>;

/** S4 body: force an application into any status (emits the matching webhook). */
export const ForceEventRequest = Type.Object({
  status: LoanApplicationStatus,
  merchantMessage: Type.Optional(MerchantMessage),
});
export type ForceEventRequest = Static<typeof ForceEventRequest>;

/** State of a sandbox application after S2/S3/S4. */
export const SandboxApplication = Type.Object({
  applicationGUID: ApplicationGuid,
  partnerSessionId: PartnerSessionId,
  merchantId: MerchantId,
  status: LoanApplicationStatus,
  merchantMessage: MerchantMessage,
  approvedAmount: Type.Optional(Type.Number({ description: 'Less than the invoice on partial approval.' })),
  offers: Type.Optional(Type.Array(Offer)),
  loanSummary: Type.Optional(LoanSummary),
  paymentTransactionId: Type.Optional(Type.String()),
  approvalCode: Type.Optional(Type.String()),
  transactionStatus: Type.Optional(TransactionStatus),
  webhookDeliveryId: Type.Optional(Type.String({ description: 'Delivery created for the status change.' })),
});
export type SandboxApplication = Static<typeof SandboxApplication>;

/** S5 body (optional): restrict the settlement run to one merchant. */
export const SettlementRunRequest = Type.Object({ merchantId: Type.Optional(MerchantId) });
export type SettlementRunRequest = Static<typeof SettlementRunRequest>;

/** S5 response: every transition the settlement batch made. */
export const SettlementRunResponse = Type.Object({
  settledAt: Type.String({ format: 'date-time' }),
  count: Type.Integer({ minimum: 0 }),
  transitions: Type.Array(
    Type.Object({
      partnerSessionId: PartnerSessionId,
      applicationGUID: Type.Optional(ApplicationGuid),
      from: TransactionStatus,
      to: TransactionStatus,
    }),
  ),
});
export type SettlementRunResponse = Static<typeof SettlementRunResponse>;

/** Webhook authentication modes: HTTP Basic (what Avvance does today), Bearer/X-Avvance-Token, HMAC. */
export const WEBHOOK_AUTH_TYPES = ['basic', 'bearer', 'hmac'] as const;

/** S6 `auth` object: one of the three modes, with its secret(s). */
export const WebhookAuth = Type.Union([
  Type.Object({
    type: Type.Literal('basic'),
    username: Type.String({ minLength: 1 }),
    password: Type.String(),
  }),
  Type.Object({
    type: Type.Literal('bearer'),
    token: Type.String({ minLength: 1 }),
    header: Type.Optional(
      StringEnum(['Authorization', 'X-Avvance-Token'] as const, {
        description: 'Defaults to Authorization.',
      }),
    ),
  }),
  Type.Object({
    type: Type.Literal('hmac'),
    secret: Type.String({ minLength: 16 }),
    timestamped: Type.Optional(
      Type.Boolean({
        description: 'Sign `timestamp + "." + body` and send X-Avvance-Timestamp. Default false.',
      }),
    ),
  }),
]);
export type WebhookAuth = Static<typeof WebhookAuth>;

/** S6 body: where and how the sandbox posts a partner's webhooks. */
export const WebhookConfigRequest = Type.Object({
  url: Type.String({ format: 'uri' }),
  auth: WebhookAuth,
  events: Type.Optional(Type.Array(WebhookEventName, { description: 'Defaults to all three.' })),
});
export type WebhookConfigRequest = Static<typeof WebhookConfigRequest>;

/** S6 response: the stored configuration with secrets left out. */
export const WebhookConfig = Type.Object({
  partnerId: Type.String(),
  url: Type.String({ format: 'uri' }),
  auth: Type.Object({
    type: StringEnum(WEBHOOK_AUTH_TYPES),
    username: Type.Optional(Type.String()),
    header: Type.Optional(Type.String()),
    timestamped: Type.Optional(Type.Boolean()),
  }),
  events: Type.Array(WebhookEventName),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type WebhookConfig = Static<typeof WebhookConfig>;

/** Delivery state, following Avvance's retry policy (4xx: no retry; 5xx: 2 retries, then next day 01:00 CST). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'retrying', 'failed'] as const;

/** One recorded webhook delivery (S7). */
export const WebhookDelivery = Type.Object({
  id: Type.String({ minLength: 1 }),
  partnerId: Type.String(),
  eventName: WebhookEventName,
  url: Type.String({ format: 'uri' }),
  correlationId: Type.String({ format: 'uuid' }),
  status: StringEnum(DELIVERY_STATUSES),
  createdAt: Type.String({ format: 'date-time' }),
  nextAttemptAt: Type.Optional(Type.String({ format: 'date-time' })),
  replayOf: Type.Optional(Type.String()),
  headers: Type.Object(
    {},
    { additionalProperties: Type.String(), description: 'Sent headers, secrets masked.' },
  ),
  payload: Type.Union([LoanStatusEvent, MerchantActivityEvent, PreApprovalLeadsEvent]),
  attempts: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      httpStatus: Type.Optional(Type.Integer()),
      error: Type.Optional(Type.String()),
      durationMs: Type.Number({ minimum: 0 }),
    }),
  ),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

/** S7 list response. */
export const WebhookDeliveryList = Type.Object({ deliveries: Type.Array(WebhookDelivery) });
export type WebhookDeliveryList = Static<typeof WebhookDeliveryList>;

/** S8 body: the consumer completes the hosted pre-approval form. */
export const PreApprovalSubmitRequest = Type.Object({
  customer: Type.Object({
    firstName: Type.String({ minLength: 1 }),
    lastName: Type.String({ minLength: 1 }),
    email: Type.String({ format: 'email' }),
    mobilePhone: Type.String({ pattern: '^\\d{10}$' }),
    city: Type.Optional(Type.String()),
    state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    annualIncome: Type.Number({ minimum: 0 }),
    dateOfBirth: Type.Optional(IsoDate),
    ssn: Type.Optional(Type.String({ pattern: '^\\d{3}-?\\d{2}-?\\d{4}$' })),
  }),
});
export type PreApprovalSubmitRequest = Static<typeof PreApprovalSubmitRequest>;

/** S8 response: the lead decision (also sent as a PRE_APPROVAL_LEADS webhook). */
export const PreApprovalResult = Type.Object({
  preApprovalRequestID: Type.String(),
  leadid: Type.String(),
  leadstatus: StringEnum(LEAD_STATUSES),
  maxPreApprovedAmount: Type.Optional(Type.Number()),
  leadExpiryDate: Type.String({ description: 'Avvance timestamp, 15 days after submission.' }),
  webhookDeliveryId: Type.Optional(Type.String()),
});
export type PreApprovalResult = Static<typeof PreApprovalResult>;

/** Sandbox merchant lifecycle. */
export const MERCHANT_STATUSES = ['PENDING_ENROLLMENT', 'ACTIVE', 'UNENROLLED'] as const;

/** S9 body: create a sandbox merchant under a partner. */
export const SandboxMerchantCreateRequest = Type.Object({
  merchantId: Type.Optional(MerchantId),
  partnerId: Type.String({ minLength: 1 }),
  dbaName: Type.String({ minLength: 1 }),
  email: Type.String({ format: 'email' }),
});
export type SandboxMerchantCreateRequest = Static<typeof SandboxMerchantCreateRequest>;

/** A sandbox merchant (S9). */
export const SandboxMerchant = Type.Object({
  merchantId: MerchantId,
  partnerId: Type.String(),
  dbaName: Type.String(),
  email: Type.String({ format: 'email' }),
  status: StringEnum(MERCHANT_STATUSES),
  hashedMerchantId: Type.String({ description: 'The `id` of the merchant’s pre-approval link.' }),
  createdAt: Type.String({ format: 'date-time' }),
  webhookDeliveryId: Type.Optional(Type.String()),
});
export type SandboxMerchant = Static<typeof SandboxMerchant>;
