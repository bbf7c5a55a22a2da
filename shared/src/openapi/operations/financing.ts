import { SPECIFIC_BAD_REQUESTS, TOKEN_ERROR_EXAMPLES } from '../examples/errors.ts';
import {
  CREATE_REQUEST_FULL,
  CREATE_REQUEST_MINIMAL,
  CREATE_REQUEST_NUMERIC,
  CREATE_RESPONSE_SANDBOX,
  CREATE_RESPONSE_UAT,
  LOAN_STATUS_RESPONSE_AUTHORIZED,
  LOAN_STATUS_RESPONSE_REFUND_IN_PROGRESS,
  LOAN_STATUS_RESPONSE_SETTLED,
  REFUND_REQUEST,
  TOKEN_REQUEST,
  TOKEN_RESPONSE,
  TRANSACTIONS_RESPONSE,
  VOID_REFUND_RESPONSE,
  VOID_REQUEST,
} from '../examples/financing.ts';
import { LOAN_STATUS_AUTHORIZED, LOAN_STATUS_DENIED, LOAN_STATUS_STARTED } from '../examples/webhooks.ts';
import { TokenRequest, TokenResponse } from '../schemas/auth.ts';
import { TokenErrorResponse } from '../schemas/common.ts';
import {
  FinancingInitiationRequest,
  FinancingInitiationResponse,
  LoanStatusResponse,
  RefundRequest,
  VoidRefundResponse,
  VoidRequest,
} from '../schemas/financing.ts';
import { MerchantTransactionsResponse } from '../schemas/reporting.ts';
import { LoanStatusEvent } from '../schemas/webhooks.ts';
import { type OperationSpec, one } from './spec.ts';

const LOAN = '/poslp/services/avvance-loan/v1';
const STANDARD_ERRORS = [400, 401, 405, 429, 500, 503] as const;
const LOOKUP_ERRORS = [400, 401, 404, 405, 429, 500, 503] as const;

const LOAN_SUMMARY_PII = ['eventDetails.loanSummary.*'];

/** Authentication, financing and transaction operations (rows 1–7 of the endpoint list). */
export const FINANCING_OPERATIONS: readonly OperationSpec[] = [
  {
    operationId: 'getToken',
    method: 'post',
    path: '/auth/oauth2/v1/token',
    tag: 'Authentication',
    summary: 'Get an access token',
    description:
      'OAuth2 client credentials: `Authorization: Basic base64(key:secret)`, form body ' +
      '`grant_type=client_credentials`. No refresh token: ask again whenever needed. The response is ' +
      'camelCase with `expiresIn` as a string (`"899"`). The spec’s curl sample uses the host ' +
      '`alpha-api.usbank.com` (no "2"), hence the extra server.',
    source: 'confirmed',
    security: 'basic',
    headers: [{ param: 'CorrelationId', required: false }],
    requestBody: {
      schema: TokenRequest,
      contentType: 'application/x-www-form-urlencoded',
      examples: one('clientCredentials', 'grant_type=client_credentials', TOKEN_REQUEST),
    },
    success: {
      status: 200,
      description: 'Token issued (TTL 899 s).',
      schema: TokenResponse,
      examples: one('token', 'Bearer token valid for 899 seconds', TOKEN_RESPONSE),
    },
    errors: [400, 401, 500],
    errorResponses: {
      400: {
        description: 'Invalid request.',
        schema: TokenErrorResponse,
        examples: TOKEN_ERROR_EXAMPLES[400],
      },
      401: {
        description: 'Invalid client credentials.',
        schema: TokenErrorResponse,
        examples: TOKEN_ERROR_EXAMPLES[401],
      },
      500: {
        description: 'Token service error.',
        schema: TokenErrorResponse,
        examples: TOKEN_ERROR_EXAMPLES[500],
      },
    },
    replayBlocked:
      'Credential exchange: the relay obtains tokens itself; replaying would put a bearer token in the browser.',
    sensitive: { responseBody: ['accessToken'] },
    servers: 'auth',
  },
  {
    operationId: 'createFinancing',
    method: 'post',
    path: `${LOAN}/create`,
    tag: 'Financing',
    summary: 'Initiate financing (create application)',
    description:
      'Creates the cart/application and returns `consumerOnboardingURL` (valid 30 days; no iframes) and ' +
      '`applicationGUID`. Consumer data only prefills the hosted application. `invoiceAmount` must be ' +
      'within $300–$25,000. Note `partnerSessionId` in the request vs `partnerSessionID` in the response.',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId'],
    requestBody: {
      schema: FinancingInitiationRequest,
      examples: {
        minimal: { summary: 'Required fields only', value: CREATE_REQUEST_MINIMAL },
        full: { summary: 'With consumer prefill and metadata', value: CREATE_REQUEST_FULL },
        numericAmount: {
          summary: 'invoiceAmount sent as a number (accepted)',
          value: CREATE_REQUEST_NUMERIC,
        },
      },
    },
    success: {
      status: 201,
      description: 'Application created.',
      schema: FinancingInitiationResponse,
      examples: {
        uat: { summary: 'UAT response', value: CREATE_RESPONSE_UAT },
        sandbox: { summary: 'Embedded sandbox response', value: CREATE_RESPONSE_SANDBOX },
      },
    },
    errors: STANDARD_ERRORS,
    errorExamples: {
      400: {
        missingMerchantId: SPECIFIC_BAD_REQUESTS.missingMerchantId,
        invoiceOutOfRange: SPECIFIC_BAD_REQUESTS.invoiceOutOfRange,
        invalidMerchant: SPECIFIC_BAD_REQUESTS.invalidMerchant,
        duplicateSession: SPECIFIC_BAD_REQUESTS.duplicateSession,
      },
    },
    sensitive: {
      requestBody: [
        'consumer.firstName',
        'consumer.middleName',
        'consumer.lastName',
        'consumer.email',
        'consumer.mobilePhone',
        'consumer.billingAddress.*',
        'consumer.shippingAddress.*',
        'consumer.IPAddress',
        'metadata[].value',
        'purchaseDescription',
        'partnerReturnErrorUrl',
      ],
      responseBody: ['consumerOnboardingURL'],
    },
  },
  {
    operationId: 'getNotificationStatus',
    method: 'get',
    path: `${LOAN}/notification-status`,
    tag: 'Financing',
    summary: 'Get the last notification of an application',
    description:
      'Returns the last `LOAN_STATUS_DETAILS` webhook payload for the application, verbatim. The ' +
      'applicationGUID goes in the `notificationId` **header**.',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId', 'MerchantIdHeader', 'NotificationId'],
    success: {
      status: 200,
      description: 'Last notification for the application.',
      schema: LoanStatusEvent,
      examples: {
        authorized: { summary: 'Purchase authorized', value: LOAN_STATUS_AUTHORIZED },
        started: { summary: 'Consumer opened the link', value: LOAN_STATUS_STARTED },
        denied: { summary: 'Declined', value: LOAN_STATUS_DENIED },
      },
    },
    errors: LOOKUP_ERRORS,
    sensitive: { responseBody: LOAN_SUMMARY_PII },
  },
  {
    operationId: 'getLoanStatus',
    method: 'get',
    path: `${LOAN}/loan-status`,
    tag: 'Financing',
    summary: 'Get the transaction status of a checkout',
    description:
      'Transaction state for the `PartnerSession-ID` header: AUTHORIZED, SETTLED, VOIDED, REFUNDED or ' +
      'REFUND_IN_PROGRESS. While the consumer has not finished, answers 400 "Loan yet to be authorized". ' +
      'Clients decide void (AUTHORIZED) vs refund (SETTLED/REFUNDED) from it.',
    source: 'confirmed-in-client',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId', 'MerchantIdDashed', 'PartnerSessionIdHeader'],
    success: {
      status: 200,
      description: 'Current transaction state.',
      schema: LoanStatusResponse,
      examples: {
        authorized: {
          summary: 'Authorized, not settled (void allowed)',
          value: LOAN_STATUS_RESPONSE_AUTHORIZED,
        },
        settled: { summary: 'Settled (refund allowed)', value: LOAN_STATUS_RESPONSE_SETTLED },
        refundInProgress: {
          summary: 'Refund pending settlement',
          value: LOAN_STATUS_RESPONSE_REFUND_IN_PROGRESS,
        },
      },
    },
    errors: LOOKUP_ERRORS,
    errorExamples: { 400: { loanNotAuthorized: SPECIFIC_BAD_REQUESTS.loanNotAuthorized } },
  },
  {
    operationId: 'voidTransaction',
    method: 'post',
    path: `${LOAN}/void`,
    tag: 'Transactions',
    summary: 'Void an unsettled purchase or refund',
    description:
      'Voids an AUTHORIZED purchase (or a not-yet-settled refund). Settled purchases need a refund.',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId'],
    requestBody: { schema: VoidRequest, examples: one('void', 'Void a purchase', VOID_REQUEST) },
    success: {
      status: 201,
      description: 'Voided.',
      schema: VoidRefundResponse,
      examples: one('voided', 'Void complete', VOID_REFUND_RESPONSE),
    },
    errors: LOOKUP_ERRORS,
    errorExamples: {
      400: { voidSettled: SPECIFIC_BAD_REQUESTS.voidSettled, voidVoided: SPECIFIC_BAD_REQUESTS.voidVoided },
    },
    replayBlocked: 'Moves money: a replayed void cancels a real purchase.',
  },
  {
    operationId: 'refundTransaction',
    method: 'post',
    path: `${LOAN}/refund`,
    tag: 'Transactions',
    summary: 'Refund a settled purchase (full or partial)',
    description:
      'Refunds a SETTLED purchase; partial refunds allowed while the sum stays within the purchase.',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId'],
    requestBody: { schema: RefundRequest, examples: one('partialRefund', 'Refund $300', REFUND_REQUEST) },
    success: {
      status: 201,
      description: 'Refund accepted.',
      schema: VoidRefundResponse,
      examples: one('refunded', 'Refund accepted', VOID_REFUND_RESPONSE),
    },
    errors: LOOKUP_ERRORS,
    errorExamples: {
      400: {
        refundNotSettled: SPECIFIC_BAD_REQUESTS.refundNotSettled,
        refundTooLarge: SPECIFIC_BAD_REQUESTS.refundTooLarge,
      },
    },
    replayBlocked: 'Moves money: a replayed refund pays the consumer back twice.',
  },
  {
    operationId: 'listTransactions',
    method: 'get',
    path: `${LOAN}/transactions`,
    tag: 'Transactions',
    summary: 'List merchant transactions (reporting)',
    description:
      'Paged merchant transactions. `startDate`, `endDate`, `pageNumber` and `pageSize` are **headers**, ' +
      'not query parameters; the date window is at most 30 days.',
    source: 'confirmed',
    security: 'bearer',
    headers: [
      'CorrelationId',
      'PartnerId',
      'MerchantIdHeader',
      'StartDate',
      'EndDate',
      'PageNumber',
      'PageSize',
    ],
    success: {
      status: 200,
      description: 'One page of transactions.',
      schema: MerchantTransactionsResponse,
      examples: one('page', 'First page', TRANSACTIONS_RESPONSE),
    },
    errors: STANDARD_ERRORS,
    errorExamples: {
      400: {
        dateRangeTooLong: SPECIFIC_BAD_REQUESTS.dateRangeTooLong,
        invalidPaging: SPECIFIC_BAD_REQUESTS.invalidPaging,
      },
    },
    sensitive: {
      responseBody: [
        'transactions.merchantInvoices[].consumerFirstName',
        'transactions.merchantInvoices[].consumerLastName',
      ],
    },
  },
];
