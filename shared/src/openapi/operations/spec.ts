import type { TSchema } from 'typebox';
import type { Examples } from '../examples/types.ts';
import type { HeaderKey } from '../parameters.ts';
import type { AvvanceSource, HttpMethod } from '../types.ts';

/** Tags, in display order. */
export const AVVANCE_TAGS = [
  'Authentication',
  'Financing',
  'Transactions',
  'Offers',
  'Pre-approval',
  'Merchant',
  'Sandbox',
] as const;

/** One operation tag. */
export type AvvanceTag = (typeof AVVANCE_TAGS)[number];

/** Error statuses an operation may declare. */
export type ErrorStatus = 400 | 401 | 404 | 405 | 429 | 500 | 503;

/** Header use: a parameter key, or a key with the requirement overridden for this operation. */
export type HeaderUse = HeaderKey | { readonly param: HeaderKey; readonly required: boolean };

/** A path or query parameter. */
export interface ParamSpec {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly description: string;
  readonly schema: TSchema;
  readonly required: boolean;
  readonly example: unknown;
}

/** A request body or a response body. */
export interface BodySpec {
  readonly schema: TSchema;
  /** Defaults to `application/json`. */
  readonly contentType?: string;
  readonly description?: string;
  readonly examples: Examples;
}

/** Where PII and secrets sit in an exchange (dotted paths, `[]` for array items, `*` for every key). */
export interface SensitiveFields {
  readonly requestHeaders?: readonly string[];
  readonly requestBody?: readonly string[];
  readonly responseBody?: readonly string[];
}

/** Compact description of one operation; `document.ts` expands it into OpenAPI. */
export interface OperationSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly tag: AvvanceTag;
  readonly summary: string;
  readonly description: string;
  readonly source: AvvanceSource;
  /** `basic` = token endpoint, `bearer` = partner APIs, `none` = sandbox control plane. */
  readonly security: 'basic' | 'bearer' | 'none';
  readonly headers: readonly HeaderUse[];
  readonly params?: readonly ParamSpec[];
  /** Request body; `requestRequired: false` makes it optional. */
  readonly requestBody?: BodySpec & { readonly required?: boolean };
  readonly success: BodySpec & { readonly status: 200 | 201; readonly description: string };
  readonly errors: readonly ErrorStatus[];
  /** Operation-specific examples, listed before the generic ones of the same status. */
  readonly errorExamples?: Partial<Record<ErrorStatus, Examples>>;
  /** Error responses replacing the generic BaseResponse ones (token endpoint, HTML page). */
  readonly errorResponses?: Partial<Record<ErrorStatus, BodySpec & { readonly description: string }>>;
  /** Why replay through the relay is refused; absent when replay is allowed. */
  readonly replayBlocked?: string;
  readonly sensitive?: SensitiveFields;
  /** Path-level servers: `auth` adds the spec's alternate token host, `sandbox` limits to the embedded sandbox. */
  readonly servers?: 'auth' | 'sandbox';
}

/** Builds a single-example map. */
export function one(name: string, summary: string, value: unknown): Examples {
  return { [name]: { summary, value } };
}

/**
 * Sensitive fields of an operation as emitted in `x-sensitive-fields`: its own list, plus the
 * `Authorization` header whenever it is authenticated.
 */
export function sensitiveFieldsOf(spec: OperationSpec): SensitiveFields {
  const requestHeaders = [
    ...(spec.security === 'none' ? [] : ['Authorization']),
    ...(spec.sensitive?.requestHeaders ?? []),
  ];
  return {
    ...(requestHeaders.length > 0 ? { requestHeaders } : {}),
    ...(spec.sensitive?.requestBody ? { requestBody: spec.sensitive.requestBody } : {}),
    ...(spec.sensitive?.responseBody ? { responseBody: spec.sensitive.responseBody } : {}),
  };
}
