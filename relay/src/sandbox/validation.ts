import type { FastifySchemaValidationError } from 'fastify';
import type { ErrorDetail } from '../../../shared/src/openapi/index.ts';
import { AvvanceReplyError } from './errors.ts';

const FORMAT_KEYWORDS = new Set(['type', 'format', 'pattern', 'anyOf', 'oneOf']);
const LENGTH_KEYWORDS = new Set(['minLength', 'maxLength', 'minItems', 'maxItems']);

function pathOf(e: FastifySchemaValidationError, context: string): string {
  const base = (e.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  const missing =
    e.keyword === 'required' ? String((e.params as { missingProperty?: unknown }).missingProperty ?? '') : '';
  const full = [base, missing].filter(Boolean).join('.');
  return full || context;
}

/**
 * Maps schema validation errors to Avvance codes (docs/sandbox.md § Errors): a missing field or body →
 * `400.44010.4100`; wrong type/format/pattern → `4103`; length → `4101`; anything else (enum, const,
 * range) → `4111`. `details[].attributeName` is the dotted path of each offending field.
 */
export function validationToAvvance(
  errors: FastifySchemaValidationError[],
  context: string,
): AvvanceReplyError {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  let rank = 0; // 4 required, 3 format, 2 length, 1 value
  for (const e of errors) {
    const rootMissing = e.keyword === 'type' && (e.instancePath ?? '') === '' && context === 'body';
    const r =
      e.keyword === 'required' || rootMissing
        ? 4
        : FORMAT_KEYWORDS.has(e.keyword)
          ? 3
          : LENGTH_KEYWORDS.has(e.keyword)
            ? 2
            : 1;
    rank = Math.max(rank, r);
    const attributeName = pathOf(e, context);
    if (seen.has(attributeName)) continue;
    seen.add(attributeName);
    details.push({
      attributeName,
      reason: rootMissing ? 'Request body missing or not a JSON object' : (e.message ?? e.keyword),
    });
  }
  const key =
    rank === 4
      ? 'requiredFieldMissing'
      : rank === 3
        ? 'fieldFormat'
        : rank === 2
          ? 'fieldLength'
          : 'invalidFieldValue';
  return new AvvanceReplyError(key, { details });
}

/** OAuth2 error of the token endpoint for a schema failure: unknown grant vs malformed request. */
export function validationToOAuth(errors: FastifySchemaValidationError[]): string {
  return errors.some((e) => e.keyword === 'const' || e.keyword === 'enum')
    ? 'unsupported_grant_type'
    : 'invalid_request';
}
