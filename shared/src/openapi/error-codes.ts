import type { ErrorDetail, ErrorResponse } from './schemas/common.ts';
import { formatAvvanceTimestamp } from './schemas/common.ts';

/** One entry of the error catalogue. */
export interface AvvanceErrorCode {
  /** HTTP status. */
  readonly status: number;
  /** `AAA.PPPPP.CCCC` code. */
  readonly code: string;
  /** Default message. */
  readonly message: string;
  /** Where the code comes from: seen in a public source, or the sandbox's proposal. */
  readonly source: 'confirmed' | 'inferred' | 'proposed';
}

/**
 * The sandbox's error catalogue (`AAA.44010.CCCC`, proxy code 44010 as in the spec's example). Codes follow
 * the Elavon gateway convention; only `500.44010.50010` is seen verbatim in Avvance's spec.
 */
export const AVVANCE_ERROR_CODES = {
  invalidRequest: { status: 400, code: '400.44010.4000', message: 'Invalid Request', source: 'inferred' },
  requiredFieldMissing: {
    status: 400,
    code: '400.44010.4100',
    message: 'Required field(s) missing',
    source: 'inferred',
  },
  fieldLength: {
    status: 400,
    code: '400.44010.4101',
    message: 'Request field(s) exceeded max length/min length',
    source: 'inferred',
  },
  fieldFormat: {
    status: 400,
    code: '400.44010.4103',
    message: 'Field values incorrectly formatted',
    source: 'inferred',
  },
  requiredHeaderMissing: {
    status: 400,
    code: '400.44010.4106',
    message: 'Required header(s) missing',
    source: 'inferred',
  },
  invalidPaging: {
    status: 400,
    code: '400.44010.4108',
    message: 'Invalid page size or page number',
    source: 'inferred',
  },
  invalidFieldValue: {
    status: 400,
    code: '400.44010.4111',
    message: 'Invalid Field Value',
    source: 'inferred',
  },
  invalidMerchant: { status: 400, code: '400.44010.4120', message: 'Invalid Merchant', source: 'proposed' },
  duplicatePartnerSession: {
    status: 400,
    code: '400.44010.4121',
    message: 'Duplicate partnerSessionId',
    source: 'proposed',
  },
  loanNotAuthorized: {
    status: 400,
    code: '400.44010.4130',
    message: 'Loan yet to be authorized',
    source: 'proposed',
  },
  invalidTransactionState: {
    status: 400,
    code: '400.44010.4131',
    message: 'Transaction cannot be voided / refunded in current state',
    source: 'proposed',
  },
  unauthorized: { status: 401, code: '401.44010.4010', message: 'Unauthorized', source: 'proposed' },
  notFound: { status: 404, code: '404.44010.4040', message: 'Resource not found', source: 'proposed' },
  methodNotAllowed: {
    status: 405,
    code: '405.44010.4050',
    message: 'Method not allowed',
    source: 'proposed',
  },
  tooManyRequests: { status: 429, code: '429.44010.4290', message: 'Too many requests', source: 'proposed' },
  subsystemUnavailable: {
    status: 500,
    code: '500.44010.50010',
    message: 'Subsystem Data unavailable',
    source: 'confirmed',
  },
  serviceUnavailable: {
    status: 503,
    code: '503.44010.5030',
    message: 'Service unavailable',
    source: 'proposed',
  },
} as const satisfies Record<string, AvvanceErrorCode>;

/** Key of {@link AVVANCE_ERROR_CODES}. */
export type AvvanceErrorKey = keyof typeof AVVANCE_ERROR_CODES;

/** Link put in `error.help` by default. */
export const AVVANCE_ERROR_HELP_URL =
  'https://developer.elavon.com/products/avvance/v1/status-codes-and-error-codes#error-codes';

/** Options of {@link avvanceErrorBody}. */
export interface AvvanceErrorOptions {
  /** Overrides the catalogue message (e.g. "Loan yet to be authorized"). */
  message?: string;
  /** Field-level details. Defaults to none. */
  details?: ErrorDetail[];
  /** `error.help` link. Defaults to {@link AVVANCE_ERROR_HELP_URL}; `null` omits it. */
  help?: string | null;
  /** Time of the error. Defaults to now. */
  at?: Date;
}

/** Builds a BaseResponse error body for a catalogue entry, e.g. for the sandbox's replies. */
export function avvanceErrorBody(key: AvvanceErrorKey, options: AvvanceErrorOptions = {}): ErrorResponse {
  const entry: AvvanceErrorCode = AVVANCE_ERROR_CODES[key];
  const error: ErrorResponse['error'] = { code: entry.code, message: options.message ?? entry.message };
  const help = options.help === undefined ? AVVANCE_ERROR_HELP_URL : options.help;
  if (help !== null) error.help = help;
  if (options.details && options.details.length > 0) error.details = options.details;
  return { error, timestamp: formatAvvanceTimestamp(options.at ?? new Date()) };
}
