import createError from '@fastify/error';
import {
  AVVANCE_ERROR_CODES,
  type AvvanceErrorKey,
  type AvvanceErrorOptions,
} from '../../../shared/src/openapi/index.ts';

/**
 * Sandbox errors that are not Avvance replies (documented in docs/sandbox.md § Errors):
 * `SANDBOX_ERR_INVALID_OPTIONS` is thrown at registration when a plugin option is wrong.
 */
export const SandboxErrors = {
  invalidOptions: createError<[string, string]>(
    'SANDBOX_ERR_INVALID_OPTIONS',
    'Invalid sandbox option %s: %s',
    500,
  ),
} as const;

/**
 * An Avvance-shaped error reply: thrown by sandbox code, turned into the BaseResponse envelope
 * (`avvanceErrorBody(key, options)`) by the sandbox error handler.
 */
export class AvvanceReplyError extends Error {
  readonly key: AvvanceErrorKey;
  readonly options: AvvanceErrorOptions;
  readonly statusCode: number;
  readonly code: string;

  constructor(key: AvvanceErrorKey, options: AvvanceErrorOptions = {}) {
    const entry = AVVANCE_ERROR_CODES[key];
    super(options.message ?? entry.message);
    this.name = 'AvvanceReplyError';
    this.key = key;
    this.options = options;
    this.statusCode = entry.status;
    this.code = entry.code;
  }
}

/** Shorthand: an {@link AvvanceReplyError} with one `details[]` entry. */
export function avvanceError(
  key: AvvanceErrorKey,
  message?: string,
  attributeName?: string,
  reason?: string,
  attributeValue?: string,
): AvvanceReplyError {
  const options: AvvanceErrorOptions = {};
  if (message !== undefined) options.message = message;
  if (attributeName !== undefined) {
    options.details = [
      {
        attributeName,
        reason: reason ?? message ?? AVVANCE_ERROR_CODES[key].message,
        ...(attributeValue !== undefined ? { attributeValue } : {}),
      },
    ];
  }
  return new AvvanceReplyError(key, options);
}

/** A token-endpoint error reply: `{ "error": { "code": "401", "message": "invalid_client" } }`. */
export class TokenReplyError extends Error {
  readonly statusCode: number;
  readonly oauthError: string;

  constructor(statusCode: 400 | 401 | 500, oauthError: string) {
    super(oauthError);
    this.name = 'TokenReplyError';
    this.statusCode = statusCode;
    this.oauthError = oauthError;
  }
}
