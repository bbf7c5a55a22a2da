import { describe, expect, it } from 'vitest';
import { check, createAjv } from '../__tests__/ajv.ts';
import {
  CREATE_REQUEST_FULL,
  CREATE_REQUEST_MINIMAL,
  CREATE_RESPONSE_UAT,
  REFUND_REQUEST,
  TOKEN_RESPONSE,
  TRANSACTIONS_RESPONSE,
} from '../examples/financing.ts';
import { UNENROLL_REQUEST, UPDATE_PRODUCTS_REQUEST } from '../examples/merchant.ts';
import { HOSTED_SUBMIT, WEBHOOK_CONFIG_BASIC } from '../examples/sandbox.ts';
import { LEAD_PRE_APPROVED, LOAN_STATUS_AUTHORIZED, MERCHANT_ACTIVATED } from '../examples/webhooks.ts';
import { TokenResponse } from './auth.ts';
import {
  AvvanceTimestamp,
  ErrorResponse,
  formatAvvanceTimestamp,
  StringEnum,
  TokenErrorResponse,
} from './common.ts';
import {
  FinancingInitiationRequest,
  FinancingInitiationResponse,
  LOAN_APPLICATION_STATUSES,
  LoanStatusResponse,
  MERCHANT_MESSAGE_BY_STATUS,
  RefundRequest,
} from './financing.ts';
import { ManageProductsRequest, UnenrollRequest, UpdateProductsRequest } from './merchant.ts';
import { PreApprovalCreateRequest } from './offers.ts';
import { MerchantTransactionsResponse } from './reporting.ts';
import { HostedApplicationSubmit, WebhookConfigRequest } from './sandbox.ts';
import { LoanStatusEvent, MerchantActivityEvent, PreApprovalLeadsEvent, WebhookEvent } from './webhooks.ts';

const ajv = createAjv();
const valid = (schema: object, value: unknown) => check(ajv, schema, value) === undefined;

/** [name, schema, payload that must be rejected]. */
const REJECTED: readonly [string, object, unknown][] = [
  [
    'create without merchantId',
    FinancingInitiationRequest,
    { ...CREATE_REQUEST_MINIMAL, merchantId: undefined },
  ],
  [
    'create without partnerSessionId',
    FinancingInitiationRequest,
    { merchantId: '435523232323', invoiceAmount: '340' },
  ],
  [
    'create with a non-numeric invoiceAmount',
    FinancingInitiationRequest,
    { ...CREATE_REQUEST_MINIMAL, invoiceAmount: '$340' },
  ],
  [
    'create with a formatted phone',
    FinancingInitiationRequest,
    { ...CREATE_REQUEST_FULL, consumer: { ...CREATE_REQUEST_FULL.consumer, mobilePhone: '(900) 900-9000' } },
  ],
  [
    'create with a bad shippingDate',
    FinancingInitiationRequest,
    { ...CREATE_REQUEST_MINIMAL, consumer: { shippingAddress: { shippingDate: '05/10/2024' } } },
  ],
  ['create response with status OK', FinancingInitiationResponse, { ...CREATE_RESPONSE_UAT, status: 'OK' }],
  ['token with tokenType Bearer', TokenResponse, { ...TOKEN_RESPONSE, tokenType: 'Bearer' }],
  ['token with a numeric expiresIn', TokenResponse, { ...TOKEN_RESPONSE, expiresIn: 899 }],
  [
    'token error with a gateway code',
    TokenErrorResponse,
    { error: { code: '400.44010.4000', message: 'x' } },
  ],
  ['loan-status typo', LoanStatusResponse, { loanStatus: 'AUTHORISED' }],
  [
    'webhook status typo',
    LoanStatusEvent,
    {
      ...LOAN_STATUS_AUTHORIZED,
      eventDetails: {
        ...LOAN_STATUS_AUTHORIZED.eventDetails,
        loanStatus: { status: 'APPLICATION_APROVED', merchantMessage: 'INVOICE_PAID' },
      },
    },
  ],
  [
    'webhook with RFC 3339 occurredAt',
    LoanStatusEvent,
    { ...LOAN_STATUS_AUTHORIZED, occurredAt: '2023-06-28T17:08:50Z' },
  ],
  ['webhook without alternateId', LoanStatusEvent, { ...LOAN_STATUS_AUTHORIZED, alternateId: undefined }],
  [
    'merchant activity with an unknown eventStatus',
    MerchantActivityEvent,
    { ...MERCHANT_ACTIVATED, eventDetails: { merchantId: '8025491732', eventStatus: 'ACTIVATED' } },
  ],
  [
    'lead with the wrong eventName',
    PreApprovalLeadsEvent,
    { ...LEAD_PRE_APPROVED, eventName: 'LOAN_STATUS_DETAILS' },
  ],
  ['refund without an amount', RefundRequest, { ...REFUND_REQUEST, refundAmount: undefined }],
  ['refund of zero', RefundRequest, { ...REFUND_REQUEST, refundAmount: 0 }],
  [
    'unenroll with camelCase unenrolledBy',
    UnenrollRequest,
    { merchantId: '8025370860', unenrolledBy: 'John Doe' },
  ],
  [
    'manage-products with a boolean isEditFlow',
    ManageProductsRequest,
    { merchantId: '1', applicantEmail: 'a@example.com', isEditFlow: true },
  ],
  ['products PUT with no change', UpdateProductsRequest, { ...UPDATE_PRODUCTS_REQUEST, products: [] }],
  [
    'products PUT with changeRequestType update',
    UpdateProductsRequest,
    { ...UPDATE_PRODUCTS_REQUEST, products: [{ changeRequestType: 'update', productCode: 'poslapr060' }] },
  ],
  [
    'transactions with an unknown txnStatus',
    MerchantTransactionsResponse,
    {
      transactions: {
        ...TRANSACTIONS_RESPONSE.transactions,
        merchantInvoices: [
          { ...TRANSACTIONS_RESPONSE.transactions.merchantInvoices[0], txnStatus: 'PENDING' },
        ],
      },
    },
  ],
  ['pre-approval create with neither id', PreApprovalCreateRequest, {}],
  [
    'error envelope with a bare code',
    ErrorResponse,
    { error: { code: '400', message: 'x' }, timestamp: '2024-05-10T17:08:50.000+0000' },
  ],
  ['error envelope without timestamp', ErrorResponse, { error: { code: '400.44010.4000', message: 'x' } }],
  [
    'hosted submit without SSN',
    HostedApplicationSubmit,
    { ...HOSTED_SUBMIT, applicant: { ...HOSTED_SUBMIT.applicant, ssn: undefined } },
  ],
  [
    'webhook config with auth type digest',
    WebhookConfigRequest,
    { ...WEBHOOK_CONFIG_BASIC, auth: { type: 'digest' } },
  ],
  [
    'hmac secret too short',
    WebhookConfigRequest,
    { ...WEBHOOK_CONFIG_BASIC, auth: { type: 'hmac', secret: 'short' } },
  ],
  [
    'a webhook that is none of the three',
    WebhookEvent,
    { alternateId: 'p', productName: 'BNPL', eventName: 'OTHER', eventDetails: {} },
  ],
];

describe('schemas reject wrong payloads', () => {
  it.each(REJECTED)('%s', (_name, schema, payload) => {
    // JSON round trip drops the `undefined` properties used above to delete fields.
    expect(valid(schema, JSON.parse(JSON.stringify(payload)))).toBe(false);
  });
});

describe('schemas accept the documented quirks', () => {
  it('accepts invoiceAmount as a string and as a number', () => {
    expect(valid(FinancingInitiationRequest, { ...CREATE_REQUEST_MINIMAL, invoiceAmount: '340.50' })).toBe(
      true,
    );
    expect(valid(FinancingInitiationRequest, { ...CREATE_REQUEST_MINIMAL, invoiceAmount: 340 })).toBe(true);
  });

  it('accepts IPv6 consumer addresses, unknown extra fields and a null customFeedback', () => {
    expect(
      valid(FinancingInitiationRequest, {
        ...CREATE_REQUEST_MINIMAL,
        consumer: { IPAddress: '2001:db8::1' },
      }),
    ).toBe(true);
    expect(valid(FinancingInitiationRequest, { ...CREATE_REQUEST_MINIMAL, somethingNew: 1 })).toBe(true);
    expect(valid(UnenrollRequest, UNENROLL_REQUEST)).toBe(true);
  });

  it('accepts both pre-approval create bodies', () => {
    expect(valid(PreApprovalCreateRequest, { merchantID: '435523232323' })).toBe(true);
    expect(valid(PreApprovalCreateRequest, { hashedMID: 'a1b2' })).toBe(true);
  });

  it('accepts every webhook as a WebhookEvent', () => {
    for (const event of [LOAN_STATUS_AUTHORIZED, MERCHANT_ACTIVATED, LEAD_PRE_APPROVED]) {
      expect(valid(WebhookEvent, event)).toBe(true);
    }
  });
});

describe('common helpers', () => {
  it('formats Avvance timestamps with +0000', () => {
    const text = formatAvvanceTimestamp(new Date(Date.UTC(2023, 5, 28, 17, 8, 50)));
    expect(text).toBe('2023-06-28T17:08:50.000+0000');
    expect(valid(AvvanceTimestamp, text)).toBe(true);
  });

  it('StringEnum emits a typed string enum', () => {
    const Color = StringEnum(['red', 'blue'] as const, { description: 'c' });
    expect(JSON.parse(JSON.stringify(Color))).toEqual({
      type: 'string',
      enum: ['red', 'blue'],
      description: 'c',
    });
    expect(valid(Color, 'red')).toBe(true);
    expect(valid(Color, 'green')).toBe(false);
  });

  it('pairs every application status with a merchant message', () => {
    expect(Object.keys(MERCHANT_MESSAGE_BY_STATUS).sort()).toEqual([...LOAN_APPLICATION_STATUSES].sort());
  });
});
