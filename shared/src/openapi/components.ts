import { BAD_REQUEST_EXAMPLES, ERROR_EXAMPLES } from './examples/errors.ts';
import type { Examples } from './examples/types.ts';
import type { ErrorStatus } from './operations/spec.ts';
import { HEADER_PARAMETERS } from './parameters.ts';
import type { HeaderObject, ParameterObject, ResponseObject, SecuritySchemeObject } from './types.ts';

/** `components.responses` name of each generic BaseResponse error. */
export const ERROR_RESPONSE_NAMES: Readonly<Record<ErrorStatus, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

/** Description of each generic error status. */
export const ERROR_DESCRIPTIONS: Readonly<Record<ErrorStatus, string>> = {
  400: 'Invalid request (missing header or field, bad value, wrong state).',
  401: 'Authentication failure (missing, unknown or expired bearer token).',
  404: 'Resource not found.',
  405: 'Method not allowed.',
  429: 'Too many requests (sandbox rate limit).',
  500: 'Internal server error.',
  503: 'Service unavailable.',
};

/** `components.headers`. */
export const RESPONSE_HEADERS: Record<string, HeaderObject> = {
  CorrelationId: {
    description: 'The request’s Correlation-ID, echoed by the sandbox so tools can trace the call.',
    schema: { type: 'string', format: 'uuid' },
    example: '77ebbf62-2869-4953-9302-a1bf46c6e112',
  },
  RetryAfter: {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', minimum: 0 },
    example: 30,
  },
};

const ERROR_SCHEMA_REF = { $ref: '#/components/schemas/ErrorResponse' };

/** A BaseResponse error response with the given examples. */
export function errorResponse(status: ErrorStatus, examples: Examples): ResponseObject {
  const response: ResponseObject = {
    description: ERROR_DESCRIPTIONS[status],
    headers: { 'Correlation-ID': { $ref: '#/components/headers/CorrelationId' } },
    content: { 'application/json': { schema: ERROR_SCHEMA_REF, examples } },
  };
  if (status === 429)
    response.headers = { ...response.headers, 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
  return response;
}

/** `components.responses`: one generic BaseResponse error per status. */
export function genericErrorResponses(): Record<string, ResponseObject> {
  const out: Record<string, ResponseObject> = {};
  for (const [status, name] of Object.entries(ERROR_RESPONSE_NAMES)) {
    const code = Number(status) as ErrorStatus;
    out[name] = errorResponse(code, code === 400 ? BAD_REQUEST_EXAMPLES : ERROR_EXAMPLES[code]);
  }
  return out;
}

/** `components.securitySchemes`. */
export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  BasicAuth: {
    type: 'http',
    scheme: 'basic',
    description: 'Token endpoint only: base64(key:secret) issued by the Avvance integration team.',
  },
  BearerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: '`accessToken` from the token endpoint (TTL 899 s, no refresh token).',
  },
  WebhookBasic: {
    type: 'http',
    scheme: 'basic',
    description: 'Webhooks: partner-registered username/password. What Avvance does today (default).',
  },
  WebhookBearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'Webhooks (sandbox option): `Authorization: Bearer <token>`.',
  },
  WebhookToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Avvance-Token',
    description: 'Webhooks (sandbox option): the token in `X-Avvance-Token`.',
  },
  WebhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Webhook-Signature',
    description:
      'Webhooks (sandbox option): `sha256=<hex HMAC-SHA256(secret, raw body)>`; with timestamping, over ' +
      '`X-Avvance-Timestamp + "." + body`. Not evidenced as Avvance behaviour.',
  },
};

/** Headers Avvance sends with every webhook (plus the sandbox's optional HMAC timestamp). */
export const WEBHOOK_HEADERS: readonly ParameterObject[] = [
  { ...HEADER_PARAMETERS.ChannelId, required: true, example: 'Web', description: '`Web` or `OWA` (mobile).' },
  {
    ...HEADER_PARAMETERS.CorrelationId,
    description: 'Stable per (application, status): use it to deduplicate.',
  },
  { ...HEADER_PARAMETERS.ApplicationId, required: true, example: 'AVNC_PTNR' },
  { ...HEADER_PARAMETERS.SessionId, required: true, schema: { type: 'string', format: 'uuid' } },
  {
    name: 'X-Avvance-Timestamp',
    in: 'header',
    required: false,
    description: 'Sandbox HMAC mode with timestamping only: Unix seconds included in the signature.',
    schema: { type: 'string', pattern: '^\\d+$' },
    example: '1715360930',
  },
];
