import type {
  ForceEventRequest,
  HostedApplicationSubmit,
  PreApprovalResult,
  PreApprovalSubmitRequest,
  SandboxApplication,
  SandboxMerchant,
  SandboxMerchantCreateRequest,
  SettlementRunResponse,
  WebhookConfig,
  WebhookConfigRequest,
  WebhookDelivery,
  WebhookDeliveryList,
} from '../schemas/sandbox.ts';
import { SAMPLE_IDS } from './financing.ts';
import { OFFERS_RESPONSE } from './merchant.ts';
import { LOAN_STATUS_AUTHORIZED, MERCHANT_ACTIVATED } from './webhooks.ts';

/** What the simulated hosted page renders (abridged). */
export const HOSTED_PAGE_HTML =
  '<!doctype html><html lang="en"><head><title>Avvance installment loan (sandbox)</title></head>' +
  `<body><form method="post" action="/sandbox/v1/applications/${SAMPLE_IDS.applicationGUID}/submit">` +
  '<input name="ssn"><input name="dateOfBirth" type="date"><button>Submit</button></form></body></html>';

/** S2 body: a complete application (fake PII; SSN last four 0000 → approve). */
export const HOSTED_SUBMIT: HostedApplicationSubmit = {
  applicant: {
    firstName: 'Joe',
    middleName: 'K',
    lastName: 'Dow',
    suffix: 'Jr',
    dateOfBirth: '1985-04-12',
    ssn: '666-12-0000',
    email: 'joe.dow@example.com',
    mobilePhone: '9009009000',
    homePhone: '(612) 555-0142',
    residentialAddress: {
      street1: '123 First Street',
      street2: 'Unit 2',
      city: 'Los Angeles',
      state: 'CA',
      postalCode: '91755-1234',
      countryCode: 'US',
    },
    yearsAtAddress: 3,
    housingStatus: 'RENT',
    monthlyHousingPayment: 1850,
    annualIncome: 85000,
    incomeFrequency: 'ANNUAL',
    otherIncome: 6000,
    employmentStatus: 'EMPLOYED',
    employerName: 'Acme Corp',
    occupation: 'Engineer',
    employerPhone: '612-555-0199',
    citizenship: 'US_CITIZEN',
    identityDocument: {
      type: 'DRIVERS_LICENSE',
      number: 'D1234567',
      issuingState: 'CA',
      expirationDate: '2028-04-12',
    },
    coApplicant: null,
  },
  consents: {
    eSignConsent: true,
    creditPullConsent: true,
    tcpaConsent: true,
    ipAddress: '100.100.0.10',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    deviceFingerprint: 'avv_fp_1c2d3e4f',
  },
  selectedOffer: { termCount: 12, apr: 0, offerType: 'ZERO' },
  repayment: {
    autopay: true,
    bankAccount: {
      routingNumber: '110000000',
      accountNumber: '1234567890123',
      accountType: 'CHECKING',
      accountHolderName: 'Joe K Dow',
    },
  },
  debitCardForFirstPayment: { cardNumber: '4111111111111111', expMonth: '04', expYear: '2028', cvv: '123' },
};

/** S2 body: SSN last four 2222 → partial approval. */
export const HOSTED_SUBMIT_PARTIAL: HostedApplicationSubmit = {
  applicant: { ...HOSTED_SUBMIT.applicant, ssn: '666-12-2222', coApplicant: null },
  consents: { eSignConsent: true, creditPullConsent: true },
};

const application = {
  applicationGUID: SAMPLE_IDS.applicationGUID,
  partnerSessionId: SAMPLE_IDS.partnerSessionId,
  merchantId: SAMPLE_IDS.merchantId,
};

/** S2 result: approved with offers. */
export const APPLICATION_APPROVED: SandboxApplication = {
  ...application,
  status: 'APPLICATION_APPROVED',
  merchantMessage: 'PENDING_CUSTOMER_ACTION',
  approvedAmount: 1240,
  offers: OFFERS_RESPONSE.offers,
  webhookDeliveryId: 'dlv_000002',
};

/** S2 result: partial approval (50 % of the invoice). */
export const APPLICATION_PARTIAL: SandboxApplication = {
  ...application,
  status: 'APPLICATION_PARTIALLY_APPROVED',
  merchantMessage: 'PENDING_CUSTOMER_ACTION',
  approvedAmount: 620,
  webhookDeliveryId: 'dlv_000003',
};

/** S3 result: accepted and e-signed → authorized. */
export const APPLICATION_AUTHORIZED: SandboxApplication = {
  ...application,
  status: 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
  merchantMessage: 'INVOICE_PAID',
  approvedAmount: 1240,
  loanSummary: LOAN_STATUS_AUTHORIZED.eventDetails.loanSummary,
  paymentTransactionId: '56F478UI89',
  approvalCode: '528657',
  transactionStatus: 'AUTHORIZED',
  webhookDeliveryId: 'dlv_000004',
};

/** S4 body. */
export const FORCE_EXPIRED: ForceEventRequest = { status: 'APPLICATION_LINK_EXPIRED' };

/** S4 result. */
export const APPLICATION_EXPIRED: SandboxApplication = {
  ...application,
  status: 'APPLICATION_LINK_EXPIRED',
  merchantMessage: 'EXPIRED_LINK',
  webhookDeliveryId: 'dlv_000005',
};

/** S5 result. */
export const SETTLEMENT_RESULT: SettlementRunResponse = {
  settledAt: '2024-05-11T06:00:00.000Z',
  count: 2,
  transitions: [
    {
      partnerSessionId: SAMPLE_IDS.partnerSessionId,
      applicationGUID: SAMPLE_IDS.applicationGUID,
      from: 'AUTHORIZED',
      to: 'SETTLED',
    },
    { partnerSessionId: 'c2a4e6f8-0b1d-4e3f-9a5b-7c8d9e0f1a2b', from: 'REFUND_IN_PROGRESS', to: 'REFUNDED' },
  ],
};

/** S6 bodies, one per auth mode. */
export const WEBHOOK_CONFIG_BASIC: WebhookConfigRequest = {
  url: 'http://127.0.0.1:8787/webhooks/avvance',
  auth: { type: 'basic', username: 'avvance-webhook', password: 'sandbox-password-1' },
};
/** S6 bearer mode. */
export const WEBHOOK_CONFIG_BEARER: WebhookConfigRequest = {
  url: 'https://shop.example.com/wc-api/avvance_webhook/a1b2c3d4e5f60718',
  auth: { type: 'bearer', token: 'whk_sandbox_token_0001', header: 'X-Avvance-Token' },
  events: ['LOAN_STATUS_DETAILS'],
};
/** S6 HMAC mode. */
export const WEBHOOK_CONFIG_HMAC: WebhookConfigRequest = {
  url: 'https://shop.example.com/wc-api/avvance_webhook/a1b2c3d4e5f60718',
  auth: { type: 'hmac', secret: 'whsec_sandbox_0123456789abcdef', timestamped: false },
};

/** S6 response (secrets never echoed). */
export const WEBHOOK_CONFIG: WebhookConfig = {
  partnerId: SAMPLE_IDS.partnerId,
  url: 'http://127.0.0.1:8787/webhooks/avvance',
  auth: { type: 'basic', username: 'avvance-webhook' },
  events: ['LOAN_STATUS_DETAILS', 'AVVANCE_MERCHANT_ACTIVITY', 'PRE_APPROVAL_LEADS'],
  updatedAt: '2024-05-10T16:59:00.000Z',
};

/** One delivery (S7). */
export const WEBHOOK_DELIVERY: WebhookDelivery = {
  id: 'dlv_000004',
  partnerId: SAMPLE_IDS.partnerId,
  eventName: 'LOAN_STATUS_DETAILS',
  url: 'http://127.0.0.1:8787/webhooks/avvance',
  correlationId: SAMPLE_IDS.correlationId,
  status: 'delivered',
  createdAt: '2024-05-10T17:08:50.000Z',
  headers: {
    'Content-Type': 'application/json',
    'Channel-ID': 'Web',
    'Correlation-ID': SAMPLE_IDS.correlationId,
    'Application-ID': 'AVNC_PTNR',
    'Session-ID': '0f3c1d7e-8a44-4b8e-9d0c-5c1f2e9a7b21',
    Authorization: 'Basic [Redacted]',
  },
  payload: LOAN_STATUS_AUTHORIZED,
  attempts: [{ at: '2024-05-10T17:08:50.120Z', httpStatus: 200, durationMs: 14.2 }],
};

/** S7 list. */
export const WEBHOOK_DELIVERIES: WebhookDeliveryList = {
  deliveries: [
    WEBHOOK_DELIVERY,
    {
      ...WEBHOOK_DELIVERY,
      id: 'dlv_000006',
      eventName: 'AVVANCE_MERCHANT_ACTIVITY',
      correlationId: '8d1f0b3a-5c7e-4a29-b6d4-0e2f1a3c5b7d',
      status: 'retrying',
      headers: { ...WEBHOOK_DELIVERY.headers, 'Correlation-ID': '8d1f0b3a-5c7e-4a29-b6d4-0e2f1a3c5b7d' },
      payload: MERCHANT_ACTIVATED,
      nextAttemptAt: '2024-05-10T17:10:00.000Z',
      attempts: [{ at: '2024-05-10T17:09:00.000Z', httpStatus: 503, durationMs: 8.9 }],
    },
  ],
};

/** S7 replay result: a new delivery linked to the original. */
export const WEBHOOK_REPLAYED: WebhookDelivery = {
  ...WEBHOOK_DELIVERY,
  id: 'dlv_000007',
  replayOf: 'dlv_000004',
  createdAt: '2024-05-10T17:20:00.000Z',
  attempts: [{ at: '2024-05-10T17:20:00.050Z', httpStatus: 200, durationMs: 11.7 }],
};

/** S8 body. */
export const PRE_APPROVAL_SUBMIT: PreApprovalSubmitRequest = {
  customer: {
    firstName: 'Joe',
    lastName: 'Dow',
    email: 'joe.dow@example.com',
    mobilePhone: '9009009000',
    city: 'Los Angeles',
    state: 'CA',
    annualIncome: 85000,
    dateOfBirth: '1985-04-12',
    ssn: '666-12-0000',
  },
};

/** S8 result. */
export const PRE_APPROVAL_RESULT: PreApprovalResult = {
  preApprovalRequestID: SAMPLE_IDS.preApprovalRequestID,
  leadid: '41852077',
  leadstatus: 'PRE_APPROVED',
  maxPreApprovedAmount: 5000,
  leadExpiryDate: '2026-01-30T22:38:50.000+0000',
  webhookDeliveryId: 'dlv_000008',
};

/** S9 create body. */
export const MERCHANT_CREATE: SandboxMerchantCreateRequest = {
  merchantId: '8025491732',
  partnerId: SAMPLE_IDS.partnerId,
  dbaName: 'Acme Inc',
  email: 'acme.business@example.com',
};

/** S9 created merchant. */
export const SANDBOX_MERCHANT: SandboxMerchant = {
  merchantId: '8025491732',
  partnerId: SAMPLE_IDS.partnerId,
  dbaName: 'Acme Inc',
  email: 'acme.business@example.com',
  status: 'PENDING_ENROLLMENT',
  hashedMerchantId: 'a1b2c3d4e5f60718',
  createdAt: '2024-05-10T16:58:00.000Z',
};

/** S9 activated merchant. */
export const SANDBOX_MERCHANT_ACTIVE: SandboxMerchant = {
  ...SANDBOX_MERCHANT,
  status: 'ACTIVE',
  webhookDeliveryId: 'dlv_000001',
};
