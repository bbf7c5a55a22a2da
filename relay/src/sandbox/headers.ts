import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { OperationInfo } from '../../../shared/src/openapi/index.ts';
import { avvanceError } from './errors.ts';

/** RFC 4122-shaped UUID (any version), as `Correlation-ID` must be. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Header names accepted for the merchant id, whatever the operation documents (`merchantId`,
 * `Merchant-ID`, `Identifier`): real clients also send `merchant-Id`. Lower-case, as Node delivers them.
 */
export const MERCHANT_HEADER_NAMES = ['merchantid', 'merchant-id', 'identifier'] as const;

const ALIASES: Readonly<Record<string, readonly string[]>> = {
  merchantid: MERCHANT_HEADER_NAMES,
  'merchant-id': MERCHANT_HEADER_NAMES,
  identifier: ['identifier', 'merchantid', 'merchant-id'],
};

/** First non-empty value among `names` (case-insensitive: Node lower-cases header names). */
export function readHeader(request: FastifyRequest, ...names: string[]): string | undefined {
  for (const name of names) {
    const raw = request.headers[name.toLowerCase()];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** The merchant id header under any of its spellings. */
export function merchantHeader(request: FastifyRequest): string | undefined {
  return readHeader(request, ...MERCHANT_HEADER_NAMES);
}

/**
 * Checks `Correlation-ID`: missing on an operation that requires it → `400.44010.4106`; present but not a
 * UUID → `400.44010.4103`. Returns the value, if any.
 */
export function checkCorrelationId(request: FastifyRequest, required: boolean): string | undefined {
  const value = readHeader(request, 'correlation-id');
  if (value === undefined) {
    if (required)
      throw avvanceError('requiredHeaderMissing', undefined, 'Correlation-ID', 'Required header missing');
    return undefined;
  }
  if (!UUID_PATTERN.test(value))
    throw avvanceError('fieldFormat', undefined, 'Correlation-ID', 'Must be a UUID', value.slice(0, 64));
  return value;
}

/**
 * Checks the operation's other required headers (documented names, case-insensitive, merchant id under
 * any spelling) → `400.44010.4106` naming the first missing one; `X-Client-IP` must be an IP (`4103`).
 */
export function checkRequiredHeaders(request: FastifyRequest, op: OperationInfo): void {
  for (const param of op.headerParams) {
    const lower = param.name.toLowerCase();
    if (lower === 'correlation-id' || !param.required) continue;
    const value = readHeader(request, ...(ALIASES[lower] ?? [lower]));
    if (value === undefined)
      throw avvanceError('requiredHeaderMissing', undefined, param.name, 'Required header missing');
    if (lower === 'x-client-ip' && isIP(value) === 0)
      throw avvanceError('fieldFormat', undefined, param.name, 'Must be an IPv4 or IPv6 address');
  }
}
