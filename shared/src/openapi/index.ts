export { AVVANCE_SERVERS, avvanceOpenApi, buildAvvanceOpenApi, SANDBOX_DEFAULT_PORT } from './document.ts';
export {
  AVVANCE_ERROR_CODES,
  AVVANCE_ERROR_HELP_URL,
  type AvvanceErrorCode,
  type AvvanceErrorKey,
  type AvvanceErrorOptions,
  avvanceErrorBody,
} from './error-codes.ts';
export { SAMPLE_IDS } from './examples/financing.ts';
export { createSchemaEmitter, type SchemaEmitter, toJsonSchema } from './json-schema.ts';
export {
  findOperation,
  getOperation,
  isReplayBlocked,
  listOperations,
  listWebhooks,
  normalizeRequestPath,
  type OperationInfo,
  type OperationMatch,
  type OperationParam,
  type OperationResponse,
  type WebhookInfo,
} from './operation-index.ts';
export { AVVANCE_TAGS, type AvvanceTag, type SensitiveFields } from './operations/spec.ts';
export { HEADER_PARAMETERS, type HeaderKey } from './parameters.ts';
export * from './schemas/index.ts';
export type * from './types.ts';
