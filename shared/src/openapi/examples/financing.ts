import type { TokenRequest, TokenResponse } from '../schemas/auth.ts';
import type {
  FinancingInitiationRequest,
  FinancingInitiationResponse,
  LoanStatusResponse,
  RefundRequest,
  VoidRefundResponse,
  VoidRequest,
} from '../schemas/financing.ts';
import type { MerchantTransactionsResponse } from '../schemas/reporting.ts';

/** Sample ids shared by the examples so that one journey reads consistently. */
export const SAMPLE_IDS = {
  merchantId: '435523232323',
  partnerId: 'partner-org-name',
  partnerSessionId: '77ebbf62-2869-4953-9302-a1bf46c6e112',
  applicationGUID: '7b831e4d-cfc7-4215-bad4-11a88eff8090',
  correlationId: '3f0e9a52-6d1b-4c7a-9b1e-2a4f8c6d0e17',
  preApprovalRequestID: '5d2a8c11-93f4-4e0b-a7c2-61b0e4d9f3a8',
} as const;

/** Token request body. */
export const TOKEN_REQUEST: TokenRequest = { grant_type: 'client_credentials' };

/** Token response (fake JWT). */
export const TOKEN_RESPONSE: TokenResponse = {
  tokenType: 'BearerToken',
  expiresIn: '899',
  accessToken:
    'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwYXJ0bmVyLW9yZy1uYW1lIiwiZXhwIjoxNzE1MzYxMzMwfQ.c2FuZGJveC1zaWduYXR1cmU',
};

/** Minimal create request (required fields only). */
export const CREATE_REQUEST_MINIMAL: FinancingInitiationRequest = {
  partnerSessionId: SAMPLE_IDS.partnerSessionId,
  merchantId: SAMPLE_IDS.merchantId,
  invoiceAmount: '340',
};

/** Full create request with consumer prefill (fake PII). */
export const CREATE_REQUEST_FULL: FinancingInitiationRequest = {
  partnerSessionId: SAMPLE_IDS.partnerSessionId,
  merchantId: SAMPLE_IDS.merchantId,
  invoiceAmount: '1240',
  invoiceId: 'INV8282882',
  merchantTransactionId: 'TXNID00000192',
  purchaseDescription: 'Sofa and delivery',
  consumer: {
    language: 'EN',
    email: 'joe.dow@example.com',
    firstName: 'Joe',
    middleName: 'K',
    lastName: 'Dow',
    mobilePhone: '9009009000',
    billingAddress: {
      street1: '123 First Street',
      street2: 'Unit 2',
      street3: 'Monterey apartments',
      city: 'Los Angeles',
      state: 'CA',
      countryCode: 'US',
      postalCode: '91755',
    },
    shippingAddress: {
      street1: '123 First Street',
      street2: 'Unit 2',
      city: 'Los Angeles',
      state: 'CA',
      countryCode: 'US',
      postalCode: '91755',
      shippingDate: '2024-05-10',
    },
    IPAddress: '100.100.0.10',
  },
  metadata: [
    { key: 'platform', value: 'woocommerce' },
    { key: 'order_id', value: '10452' },
  ],
  partnerReturnErrorUrl: 'https://shop.example.com/checkout/pay-another-way',
};

/** Create request as a client that sends a JSON number and `clientApplication`. */
export const CREATE_REQUEST_NUMERIC: FinancingInitiationRequest = {
  ...CREATE_REQUEST_MINIMAL,
  invoiceAmount: 340,
  clientApplication: 'MERCHANT_PORTAL',
};

/** Create response from UAT. */
export const CREATE_RESPONSE_UAT: FinancingInitiationResponse = {
  status: 'SUCCESS',
  isMerchantValid: 'Y',
  isCartCreated: 'Y',
  consumerOnboardingURL: 'https://uat01-onboarding.usbank.com/usl/avvance-installment-loans',
  applicationGUID: SAMPLE_IDS.applicationGUID,
  partnerSessionID: SAMPLE_IDS.partnerSessionId,
};

/** Create response from the embedded sandbox (the link opens the simulated hosted page). */
export const CREATE_RESPONSE_SANDBOX: FinancingInitiationResponse = {
  ...CREATE_RESPONSE_UAT,
  consumerOnboardingURL: `http://127.0.0.1:8787/usl/avvance-installment-loans?guid=${SAMPLE_IDS.applicationGUID}`,
};

/** loan-status responses. */
export const LOAN_STATUS_RESPONSE_AUTHORIZED: LoanStatusResponse = { loanStatus: 'AUTHORIZED' };
/** loan-status after settlement. */
export const LOAN_STATUS_RESPONSE_SETTLED: LoanStatusResponse = { loanStatus: 'SETTLED' };
/** loan-status after a partial refund, before it settles. */
export const LOAN_STATUS_RESPONSE_REFUND_IN_PROGRESS: LoanStatusResponse = {
  loanStatus: 'REFUND_IN_PROGRESS',
};

/** Void request. */
export const VOID_REQUEST: VoidRequest = {
  merchantId: SAMPLE_IDS.merchantId,
  partnerSessionId: SAMPLE_IDS.partnerSessionId,
};

/** Refund request (partial). */
export const REFUND_REQUEST: RefundRequest = {
  partnerSessionId: SAMPLE_IDS.partnerSessionId,
  merchantId: SAMPLE_IDS.merchantId,
  refundAmount: 300,
};

/** Void/refund response. */
export const VOID_REFUND_RESPONSE: VoidRefundResponse = {
  isTransactionComplete: true,
  paymentTransactionId: '797293de-6366-4eec-a74a-3e1bde57f6f2',
  approvalCode: '6NBE61',
  partnerSessionId: SAMPLE_IDS.partnerSessionId,
};

/** One page of reporting. */
export const TRANSACTIONS_RESPONSE: MerchantTransactionsResponse = {
  transactions: {
    merchantID: SAMPLE_IDS.merchantId,
    merchantInvoices: [
      {
        txnDate: '2024-02-29T00:00:00.000+0000',
        invoiceID: 'INQUD33826967',
        txnType: 'FULL',
        consumerFirstName: 'John',
        consumerLastName: 'Doe',
        txnStatus: 'SETTLED',
        txnAmount: 1575,
        sequenceNumber: 1,
        totalRefundedAmount: 0,
      },
      {
        txnDate: '2024-02-27T00:00:00.000+0000',
        invoiceID: 'INV8282882',
        txnType: 'PARTIAL_REFUND',
        consumerFirstName: 'Joe',
        consumerLastName: 'Dow',
        txnStatus: 'REFUNDED',
        txnAmount: 300,
        sequenceNumber: 2,
        totalRefundedAmount: 300,
      },
    ],
    _metadata: { pageNumber: 1, pageSize: 100, hasNext: false },
  },
};
