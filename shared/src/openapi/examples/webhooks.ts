import type { LoanStatusEvent, MerchantActivityEvent, PreApprovalLeadsEvent } from '../schemas/webhooks.ts';
import { SAMPLE_IDS } from './financing.ts';

const base = {
  alternateId: SAMPLE_IDS.partnerId,
  productName: 'BNPL',
} as const;

/** LOAN_STATUS_DETAILS: consumer opened the link. */
export const LOAN_STATUS_STARTED: LoanStatusEvent = {
  notificationType: 'WEBHOOK',
  ...base,
  occurredAt: '2024-05-10T17:02:11.000+0000',
  eventName: 'LOAN_STATUS_DETAILS',
  eventDetails: {
    merchantId: SAMPLE_IDS.merchantId,
    applicationGUID: SAMPLE_IDS.applicationGUID,
    partnerSessionId: SAMPLE_IDS.partnerSessionId,
    loanStatus: { status: 'APPLICATION_STARTED', merchantMessage: 'PENDING_CUSTOMER_ACTION' },
    invoiceAmount: { value: 1240, currency: 'USD' },
  },
};

/** LOAN_STATUS_DETAILS: consumer accepted and e-signed; the purchase is authorized. */
export const LOAN_STATUS_AUTHORIZED: LoanStatusEvent = {
  notificationType: 'WEBHOOK',
  ...base,
  occurredAt: '2024-05-10T17:08:50.000+0000',
  eventName: 'LOAN_STATUS_DETAILS',
  eventDetails: {
    merchantId: SAMPLE_IDS.merchantId,
    applicationGUID: SAMPLE_IDS.applicationGUID,
    terminalId: 12345678,
    paymentTransactionId: '56F478UI89',
    approvalCode: '528657',
    partnerSessionId: SAMPLE_IDS.partnerSessionId,
    loanStatus: { status: 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED', merchantMessage: 'INVOICE_PAID' },
    invoiceAmount: { value: 1240, currency: 'USD' },
    loanSummary: {
      accountType: 'Avvance installment loan',
      accountNumber: '****************1121',
      amountFinanced: '1240',
      apr: 0,
      term: 12,
      monthlyPayment: 103.33,
      totalLoanAmount: 1240,
      firstPaymentDue: '06/09/2024',
    },
  },
};

/** LOAN_STATUS_DETAILS: declined. */
export const LOAN_STATUS_DENIED: LoanStatusEvent = {
  notificationType: 'WEBHOOK',
  ...base,
  occurredAt: '2024-05-10T17:05:31.000+0000',
  eventName: 'LOAN_STATUS_DETAILS',
  eventDetails: {
    merchantId: SAMPLE_IDS.merchantId,
    applicationGUID: SAMPLE_IDS.applicationGUID,
    partnerSessionId: SAMPLE_IDS.partnerSessionId,
    loanStatus: {
      status: 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
      merchantMessage: 'REQUEST_ALTERNATIVE_PAYMENT',
    },
  },
};

/** AVVANCE_MERCHANT_ACTIVITY: merchant activated. */
export const MERCHANT_ACTIVATED: MerchantActivityEvent = {
  ...base,
  occurredAt: '2023-06-28T17:08:50.000+0000',
  eventName: 'AVVANCE_MERCHANT_ACTIVITY',
  eventDetails: { merchantId: '8025491732', eventStatus: 'MERCHANT_ACTIVATION' },
};

/** AVVANCE_MERCHANT_ACTIVITY: merchant unenrolled. */
export const MERCHANT_DEACTIVATED: MerchantActivityEvent = {
  ...base,
  occurredAt: '2024-07-01T09:12:00.000+0000',
  eventName: 'AVVANCE_MERCHANT_ACTIVITY',
  eventDetails: { merchantId: '8025370860', eventStatus: 'MERCHANT_DEACTIVATION' },
};

/** PRE_APPROVAL_LEADS as the spec's example shows it. */
export const LEAD_QUALIFIED: PreApprovalLeadsEvent = {
  ...base,
  occurredAt: '2024-10-21T20:55:20.089+0000',
  eventName: 'PRE_APPROVAL_LEADS',
  eventDetails: {
    mid: '8000000028',
    leadid: '93979628',
    leadstatus: 'Qualified lead',
    customerName: 'John Doe',
    customerEmail: 'john.doe@example.com',
    customerPhone: '9009009000',
    customerCity: 'Irving',
    customerState: 'TX',
    merchantEmail: 'acme.business@example.com',
    leadExpiryDate: '2024-11-05T00:00:00.000+0000',
    leadGenerationTime: '2024-10-21T20:55:20.089+0000',
  },
};

/** PRE_APPROVAL_LEADS as client code sees it (PRE_APPROVED with a maximum amount). */
export const LEAD_PRE_APPROVED: PreApprovalLeadsEvent = {
  ...base,
  occurredAt: '2026-01-15T22:38:50.000+0000',
  eventName: 'PRE_APPROVAL_LEADS',
  eventDetails: {
    mid: SAMPLE_IDS.merchantId,
    preApprovalRequestId: SAMPLE_IDS.preApprovalRequestID,
    leadid: '41852077',
    leadstatus: 'PRE_APPROVED',
    customerName: 'Joe Dow',
    customerEmail: 'joe.dow@example.com',
    customerPhone: '9009009000',
    customerCity: 'Los Angeles',
    customerState: 'CA',
    leadExpiryDate: '2026-01-30T22:38:50.000+0000',
    leadGenerationTime: '2026-01-15T22:38:50.000+0000',
    metadata: [{ key: 'maxPreApprovedAmount', value: '5000' }],
  },
};

/** PRE_APPROVAL_LEADS: not approved. */
export const LEAD_NOT_APPROVED: PreApprovalLeadsEvent = {
  ...base,
  occurredAt: '2026-01-15T22:40:02.000+0000',
  eventName: 'PRE_APPROVAL_LEADS',
  eventDetails: {
    mid: SAMPLE_IDS.merchantId,
    preApprovalRequestId: '9b7c2e40-1f6a-4d3b-8e25-7a0c9d4b6e13',
    leadid: '41852078',
    leadstatus: 'NOT_APPROVED',
    customerName: 'Ann Example',
    customerEmail: 'ann@example.com',
    customerPhone: '6125550142',
  },
};
