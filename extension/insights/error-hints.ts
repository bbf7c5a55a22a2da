import { AVVANCE_ERROR_CODES, type AvvanceErrorKey } from '../../shared/src/openapi/index.ts';

/** What to do about each Avvance error code, in one sentence a partner's developer can act on. */
export const ERROR_HINTS: Readonly<Record<AvvanceErrorKey, string>> = {
  invalidRequest: 'The request could not be read: send valid JSON with Content-Type: application/json.',
  requiredFieldMissing:
    "A required body field is missing: error.details names it; compare with the operation's request schema.",
  fieldLength: 'A field is too long or too short: error.details names it.',
  fieldFormat:
    'A field is wrongly formatted (amounts as "123.45", ISO dates, UUIDs): error.details names it.',
  requiredHeaderMissing:
    'Required header(s) missing: add Correlation-ID (a fresh UUID v4 per call) and partner-ID; loan-status also needs Merchant-ID and PartnerSession-ID.',
  invalidPaging: 'pageSize or pageNumber is out of range.',
  invalidFieldValue:
    'A field has a value Avvance does not accept (enum value, amount or id): see error.details.',
  invalidMerchant:
    'The merchantId is not enrolled under this partner-ID: check the MID and the partner-ID header.',
  duplicatePartnerSession: 'partnerSessionId was used before: generate a new one for every checkout.',
  loanNotAuthorized:
    'The consumer has not finished the application: wait for the INVOICE_PAYMENT_TRANSACTION_AUTHORIZED webhook (or poll notification-status) first.',
  invalidTransactionState:
    'The transaction is in the wrong state: void only before settlement, refund only after; check loan-status.',
  unauthorized:
    'The bearer token is missing, invalid or expired: get a new one from POST /auth/oauth2/v1/token (it lasts expiresIn seconds).',
  notFound: 'Unknown resource: check the applicationGUID / id in the path and the environment.',
  methodNotAllowed: 'Wrong HTTP method for this path: see the operation in docs/avvance-api.md.',
  tooManyRequests: 'Rate limited: back off and retry after the Retry-After delay.',
  subsystemUnavailable:
    'An Avvance back-end system is temporarily unavailable: retry with backoff (not your bug).',
  serviceUnavailable: 'Avvance is unavailable: retry with backoff.',
};

/** An Avvance error code seen in a response, explained. */
export interface ErrorInsight {
  /** `AAA.PPPPP.CCCC`, or the token endpoint's bare status (`400`). */
  code: string;
  /** The message the response carried (masked copy when the caller passes one). */
  message: string;
  /** The catalogue's default message, when the code is known. */
  catalogueMessage?: string;
  /** What to do about it, when the code is known. */
  hint?: string;
  /** Field-level details from `error.details` (`attributeName: reason`). */
  details: string[];
}

const BY_CODE: ReadonlyMap<string, AvvanceErrorKey> = new Map(
  (Object.keys(AVVANCE_ERROR_CODES) as AvvanceErrorKey[]).map((k) => [AVVANCE_ERROR_CODES[k].code, k]),
);

/**
 * Reads Avvance's error envelope (`{ error: { code, message, details? } }`) from a response body and
 * explains the code. `undefined` when the body is not an error envelope.
 */
export function explainErrorBody(body: unknown): ErrorInsight | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== 'object') return undefined;
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
  if (typeof code !== 'string' && typeof code !== 'number') return undefined;
  const codeText = String(code);
  const key = BY_CODE.get(codeText);
  const insight: ErrorInsight = {
    code: codeText,
    message: typeof message === 'string' ? message : '',
    details: Array.isArray(details)
      ? details.flatMap((d) =>
          d && typeof d === 'object' && typeof (d as { attributeName?: unknown }).attributeName === 'string'
            ? [
                `${(d as { attributeName: string }).attributeName}: ${String((d as { reason?: unknown }).reason ?? '')}`,
              ]
            : [],
        )
      : [],
  };
  if (key) {
    insight.catalogueMessage = AVVANCE_ERROR_CODES[key].message;
    insight.hint = ERROR_HINTS[key];
  }
  return insight;
}
