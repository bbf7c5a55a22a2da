import { type AvvanceErrorKey, type AvvanceErrorOptions, avvanceErrorBody } from '../error-codes.ts';
import type { TokenErrorResponse } from '../schemas/common.ts';
import type { Examples } from './types.ts';

const AT = new Date('2024-05-10T17:08:50.000Z');

function example(summary: string, key: AvvanceErrorKey, options: AvvanceErrorOptions = {}) {
  return { summary, value: avvanceErrorBody(key, { at: AT, ...options }) };
}

/** Generic 400 examples shared by every partner operation. */
export const BAD_REQUEST_EXAMPLES: Examples = {
  missingCorrelationId: example('Correlation-ID header missing', 'requiredHeaderMissing', {
    details: [{ attributeName: 'Correlation-ID', reason: 'Required header missing' }],
  }),
  malformedJson: example('Body is not valid JSON', 'invalidRequest'),
};

/** Generic examples per error status, for `components.responses`. */
export const ERROR_EXAMPLES = {
  401: { unauthorized: example('Bearer token missing, unknown or expired', 'unauthorized') },
  404: {
    notFound: example('Unknown applicationGUID / partnerSessionId', 'notFound', {
      details: [{ attributeName: 'notificationId', reason: 'No application found' }],
    }),
  },
  405: { methodNotAllowed: example('Wrong HTTP method for this path', 'methodNotAllowed') },
  429: { tooManyRequests: example('Sandbox rate limit reached', 'tooManyRequests') },
  500: {
    subsystemUnavailable: example(
      'Subsystem data unavailable (the spec’s own example)',
      'subsystemUnavailable',
      {
        help: 'https://developer.elavon.com/products/avvance/v1/api-reference#tag/Initiate-Loan',
        details: [
          { attributeName: 'PartnerId', reason: 'Subsystem Data unavailable', attributeValue: 'String' },
        ],
      },
    ),
  },
  503: { serviceUnavailable: example('Upstream temporarily unavailable', 'serviceUnavailable') },
} as const satisfies Record<number, Examples>;

/** Operation-specific 400 examples. */
export const SPECIFIC_BAD_REQUESTS = {
  missingMerchantId: example('merchantId missing from the body', 'requiredFieldMissing', {
    details: [{ attributeName: 'merchantId', reason: 'Required field missing' }],
  }),
  invoiceOutOfRange: example('Invoice amount outside $300–$25,000', 'invalidFieldValue', {
    message: 'Invoice amount must be between $300 and $25000',
    details: [{ attributeName: 'invoiceAmount', reason: 'Out of range', attributeValue: '120' }],
  }),
  invalidMerchant: example('Merchant not enrolled (isMerchantValid N)', 'invalidMerchant', {
    details: [{ attributeName: 'merchantId', reason: 'Merchant not active', attributeValue: '435523232399' }],
  }),
  duplicateSession: example('partnerSessionId already used', 'duplicatePartnerSession', {
    details: [
      {
        attributeName: 'partnerSessionId',
        reason: 'Duplicate',
        attributeValue: 'a6c1f1a2-1b9e-4c55-8f0e-3d2b7c9e4f10',
      },
    ],
  }),
  loanNotAuthorized: example('Consumer has not finished the application', 'loanNotAuthorized'),
  voidSettled: example('Void of a settled purchase', 'invalidFieldValue', {
    message: 'Transaction already settled. Please use Refund',
  }),
  voidVoided: example('Void of an already voided purchase', 'invalidTransactionState'),
  refundNotSettled: example('Refund of an unsettled purchase', 'invalidFieldValue', {
    message: 'Transaction not settled. Please use Void',
  }),
  refundTooLarge: example('Refunds would exceed the purchase', 'invalidFieldValue', {
    message: 'Refund amount exceeds available amount',
    details: [{ attributeName: 'refundAmount', reason: 'Exceeds available amount', attributeValue: '2000' }],
  }),
  dateRangeTooLong: example('Reporting window longer than 30 days', 'invalidFieldValue', {
    message: 'Date range must not exceed 30 days',
    details: [
      { attributeName: 'startDate', reason: 'Window exceeds 30 days', attributeValue: '2024-01-01' },
      { attributeName: 'endDate', reason: 'Window exceeds 30 days', attributeValue: '2024-02-29' },
    ],
  }),
  invalidPaging: example('pageSize above 100', 'invalidPaging', {
    details: [{ attributeName: 'pageSize', reason: 'Must be 1–100', attributeValue: '500' }],
  }),
  productsTooSoon: example('Second product change within 24 h', 'invalidFieldValue', {
    message: 'Products can be changed once every 24 hours',
  }),
  missingClientIp: example('X-Client-IP header missing', 'requiredHeaderMissing', {
    details: [{ attributeName: 'X-Client-IP', reason: 'Required header missing' }],
  }),
  amountOutOfRange: example('Amount outside $300–$25,000', 'invalidFieldValue', {
    message: 'Amount must be between $300 and $25000',
    details: [{ attributeName: 'amount', reason: 'Out of range', attributeValue: '50' }],
  }),
  unknownStatus: example('Status not in the enum', 'fieldFormat', {
    details: [{ attributeName: 'status', reason: 'Unknown status', attributeValue: 'APPLICATION_APROVED' }],
  }),
} as const satisfies Examples;

function tokenError(code: string, message: string): TokenErrorResponse {
  return { error: { code, message } };
}

/** Token endpoint error examples (its own `{ error: { code, message } }` shape). */
export const TOKEN_ERROR_EXAMPLES = {
  400: {
    invalidRequest: {
      summary: 'Body is not grant_type=client_credentials',
      value: tokenError('400', 'invalid_request'),
    },
    unsupportedGrant: { summary: 'Another grant type', value: tokenError('400', 'unsupported_grant_type') },
  },
  401: {
    invalidClient: {
      summary: 'Missing or wrong Basic credentials',
      value: tokenError('401', 'invalid_client'),
    },
  },
  500: { serverError: { summary: 'Token service failure', value: tokenError('500', 'server_error') } },
} as const satisfies Record<number, Examples>;
