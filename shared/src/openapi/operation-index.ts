import { ERROR_DESCRIPTIONS, WEBHOOK_HEADERS } from './components.ts';
import { BAD_REQUEST_EXAMPLES, ERROR_EXAMPLES } from './examples/errors.ts';
import { toJsonSchema } from './json-schema.ts';
import { OPERATION_SPECS } from './operations/index.ts';
import {
  type AvvanceTag,
  type OperationSpec,
  type SensitiveFields,
  sensitiveFieldsOf,
} from './operations/spec.ts';
import { WEBHOOK_SPECS } from './operations/webhooks.ts';
import { HEADER_PARAMETERS } from './parameters.ts';
import { ErrorResponse } from './schemas/common.ts';
import type { WebhookEventName } from './schemas/webhooks.ts';
import type { AvvanceSource, HttpMethod, JsonSchema } from './types.ts';

/** A header, path or query parameter of an operation, schema inlined. */
export interface OperationParam {
  /** Real name and casing (`Correlation-ID`, `partner-ID`, `notificationId`…). */
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: JsonSchema;
  readonly example: unknown;
}

/** One documented response of an operation. */
export interface OperationResponse {
  readonly status: number;
  readonly description: string;
  readonly contentType: string;
  /** Plain JSON Schema, `$ref`-free. */
  readonly schema: JsonSchema;
  /** First example of the response. */
  readonly example: unknown;
}

/** What the request builder needs about one operation. */
export interface OperationInfo {
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: Uppercase<HttpMethod>;
  /** Path template, e.g. `/sandbox/v1/applications/{applicationGUID}/submit`. */
  readonly path: string;
  readonly tag: AvvanceTag;
  readonly summary: string;
  readonly description: string;
  readonly source: AvvanceSource;
  /** Auth the operation expects: `basic` (token), `bearer` (partner APIs) or `none` (sandbox control). */
  readonly security: 'basic' | 'bearer' | 'none';
  readonly replayBlocked: boolean;
  /** Why replay is refused, when it is. */
  readonly replayBlockedReason?: string;
  /** Plain JSON Schema of the body, `$ref`-free. */
  readonly requestSchema?: JsonSchema;
  readonly requestContentType?: string;
  /** First request example, to prefill the editor. */
  readonly requestExample?: unknown;
  /** Success response first, then errors in status order. */
  readonly responses: readonly OperationResponse[];
  readonly headerParams: readonly OperationParam[];
  readonly pathParams: readonly OperationParam[];
  readonly queryParams: readonly OperationParam[];
  readonly sensitiveFields: SensitiveFields;
}

/** A concrete URL matched to an operation. */
export interface OperationMatch extends OperationInfo {
  /** Decoded path parameters, e.g. `{ applicationGUID: '7b83…' }`. */
  readonly params: Readonly<Record<string, string>>;
  /** Whatever preceded the operation path (a relay prefix such as `/v1/proxy/uat`), or `''`. */
  readonly prefix: string;
}

/** What a consumer of webhooks needs about one of them. */
export interface WebhookInfo {
  readonly name: string;
  readonly operationId: string;
  readonly eventName: WebhookEventName;
  readonly summary: string;
  readonly schema: JsonSchema;
  readonly headerParams: readonly OperationParam[];
}

const firstExample = (examples: Record<string, { value: unknown }>): unknown =>
  Object.values(examples)[0]?.value;

function describe(spec: OperationSpec): OperationInfo {
  const headerParams = spec.headers.map((use): OperationParam => {
    const param = HEADER_PARAMETERS[typeof use === 'string' ? use : use.param];
    return {
      name: param.name,
      required: typeof use === 'string' ? param.required : use.required,
      description: param.description,
      schema: toJsonSchema(param.schema),
      example: param.example,
    };
  });
  const params = (where: 'path' | 'query') =>
    (spec.params ?? [])
      .filter((p) => p.in === where)
      .map((p): OperationParam => ({ ...p, schema: toJsonSchema(p.schema) }));
  const responses: OperationResponse[] = [
    {
      status: spec.success.status,
      description: spec.success.description,
      contentType: spec.success.contentType ?? 'application/json',
      schema: toJsonSchema(spec.success.schema),
      example: firstExample(spec.success.examples),
    },
  ];
  for (const status of spec.errors) {
    const override = spec.errorResponses?.[status];
    const generic = status === 400 ? BAD_REQUEST_EXAMPLES : ERROR_EXAMPLES[status];
    responses.push({
      status,
      description: override?.description ?? ERROR_DESCRIPTIONS[status],
      contentType: override?.contentType ?? 'application/json',
      schema: toJsonSchema(override?.schema ?? ErrorResponse),
      example: firstExample(override?.examples ?? spec.errorExamples?.[status] ?? generic),
    });
  }
  const info: OperationInfo = {
    operationId: spec.operationId,
    method: spec.method.toUpperCase() as Uppercase<HttpMethod>,
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    description: spec.description,
    source: spec.source,
    security: spec.security,
    replayBlocked: spec.replayBlocked !== undefined,
    ...(spec.replayBlocked ? { replayBlockedReason: spec.replayBlocked } : {}),
    ...(spec.requestBody
      ? {
          requestSchema: toJsonSchema(spec.requestBody.schema),
          requestContentType: spec.requestBody.contentType ?? 'application/json',
          requestExample: firstExample(spec.requestBody.examples),
        }
      : {}),
    responses,
    headerParams,
    pathParams: params('path'),
    queryParams: params('query'),
    sensitiveFields: sensitiveFieldsOf(spec),
  };
  return Object.freeze(info);
}

let operations: readonly OperationInfo[] | undefined;
let matchers: readonly { info: OperationInfo; pattern: RegExp; names: string[] }[] | undefined;

/** Every operation (partner endpoints, then sandbox control), in document order. */
export function listOperations(): readonly OperationInfo[] {
  operations ??= Object.freeze(OPERATION_SPECS.map(describe));
  return operations;
}

/** The operation with this `operationId`, if any. */
export function getOperation(operationId: string): OperationInfo | undefined {
  return listOperations().find((op) => op.operationId === operationId);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(info: OperationInfo) {
  const names: string[] = [];
  const source = info.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (!param) return escapeRegExp(part);
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('');
  // Lazy prefix: the operation path must end the URL path, at a segment boundary (paths start with `/`).
  return { info, names, pattern: new RegExp(`^(.*?)${source}$`, 'i') };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The path part of a URL, normalised the way upstream servers read it, so that a replay check cannot be
 * dodged with `%76oid`, `void;x=1`, `a/../void`, `\\` or `//`: drops scheme, host, query and fragment,
 * percent-decodes, turns backslashes into slashes, strips `;` path parameters, resolves `.`/`..` and
 * collapses repeated slashes. Never forwards anything: a relay checks this form and forwards the original.
 */
export function normalizeRequestPath(url: string): string {
  let path = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  path = path.replace(/[?#].*$/, '');
  path = decode(path).replace(/\\/g, '/');
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    const segment = raw.replace(/;.*$/, '');
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/**
 * Matches a concrete request to an operation. `url` may be a full URL, a path with a query string, or a
 * path behind a relay prefix (`/v1/proxy/uat/poslp/…`); methods and paths are matched case-insensitively.
 * The longest matching operation path wins.
 */
export function findOperation(method: string, url: string): OperationMatch | undefined {
  matchers ??= listOperations().map(compile);
  const path = normalizeRequestPath(url);
  const wanted = method.toUpperCase();
  let best: OperationMatch | undefined;
  for (const { info, pattern, names } of matchers) {
    if (info.method !== wanted) continue;
    const m = pattern.exec(path);
    if (!m) continue;
    if (best && best.path.length >= info.path.length) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = m[i + 2]!;
    });
    best = { ...info, params, prefix: m[1]! };
  }
  return best;
}

/** True when the relay must refuse to replay this request (moves money or changes merchant state). */
export function isReplayBlocked(method: string, url: string): boolean {
  return findOperation(method, url)?.replayBlocked ?? false;
}

/** The three webhooks Avvance posts to partners. */
export function listWebhooks(): readonly WebhookInfo[] {
  return WEBHOOK_SPECS.map((spec) => ({
    name: spec.name,
    operationId: spec.operationId,
    eventName: spec.eventName,
    summary: spec.summary,
    schema: toJsonSchema(spec.schema),
    headerParams: WEBHOOK_HEADERS.map((p) => ({
      name: p.name,
      required: p.required ?? false,
      description: p.description ?? '',
      schema: toJsonSchema(p.schema),
      example: p.example,
    })),
  }));
}
