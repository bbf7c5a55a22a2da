import {
  ERROR_RESPONSE_NAMES,
  errorResponse,
  genericErrorResponses,
  RESPONSE_HEADERS,
  SECURITY_SCHEMES,
  WEBHOOK_HEADERS,
} from './components.ts';
import { BAD_REQUEST_EXAMPLES, ERROR_EXAMPLES } from './examples/errors.ts';
import { createSchemaEmitter, type SchemaEmitter } from './json-schema.ts';
import { OPERATION_SPECS } from './operations/index.ts';
import {
  AVVANCE_TAGS,
  type ErrorStatus,
  type HeaderUse,
  type OperationSpec,
  sensitiveFieldsOf,
} from './operations/spec.ts';
import { WEBHOOK_SPECS, type WebhookSpec } from './operations/webhooks.ts';
import { HEADER_PARAMETERS } from './parameters.ts';
import { AVVANCE_SCHEMAS } from './schemas/catalogue.ts';
import type {
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  PathItemObject,
  Reference,
  ResponseObject,
  ServerObject,
} from './types.ts';

/** Port shown for the embedded sandbox server when none is given. Defaults to `8787` (the relay's default port). */
export const SANDBOX_DEFAULT_PORT = '8787';

/** The document's servers: UAT, production and the embedded sandbox (port as a server variable). */
export const AVVANCE_SERVERS: readonly ServerObject[] = [
  { url: 'https://alpha-api2.usbank.com', description: 'Sandbox ("UAT")' },
  { url: 'https://api2.usbank.com', description: 'Production' },
  {
    url: 'http://127.0.0.1:{port}',
    description: 'Embedded Avvance Workbench sandbox',
    variables: { port: { default: SANDBOX_DEFAULT_PORT, description: 'Port the relay listens on.' } },
  },
];

// The token curl sample in Avvance's spec uses this host (no "2"); clients keep separate auth base URLs.
const UAT_AUTH_SERVER: ServerObject = {
  url: 'https://alpha-api.usbank.com',
  description: 'UAT auth host (spec sample)',
};

const TAG_DESCRIPTIONS: Record<(typeof AVVANCE_TAGS)[number] | 'Webhooks', string> = {
  Authentication: 'OAuth2 client-credentials token.',
  Financing: 'Create an application and follow its status.',
  Transactions: 'Void, refund and reporting.',
  Offers: 'Payment estimates for widgets.',
  'Pre-approval': 'Consumer pre-qualification ("check if you prequalify").',
  Merchant: 'Merchant enrollment, products and unenrollment.',
  Sandbox: 'Embedded sandbox control plane (not part of Avvance).',
  Webhooks: 'Avvance → partner notifications.',
};

function headerParameter(use: HeaderUse): ParameterObject | Reference {
  const key = typeof use === 'string' ? use : use.param;
  const param: ParameterObject = HEADER_PARAMETERS[key];
  if (typeof use === 'string' || use.required === param.required)
    return { $ref: `#/components/parameters/${key}` };
  return { ...param, required: use.required };
}

function errorResponseFor(
  spec: OperationSpec,
  status: ErrorStatus,
  emitter: SchemaEmitter,
): ResponseObject | Reference {
  const override = spec.errorResponses?.[status];
  if (override) {
    return {
      description: override.description,
      content: {
        [override.contentType ?? 'application/json']: {
          schema: emitter.emit(override.schema),
          examples: override.examples,
        },
      },
    };
  }
  const specific = spec.errorExamples?.[status];
  // Partner operations inline their 400 so that the Correlation-ID example sits beside their own.
  const partner400 = status === 400 && spec.security !== 'none';
  if (!specific && !partner400) return { $ref: `#/components/responses/${ERROR_RESPONSE_NAMES[status]}` };
  const generic = status === 400 ? BAD_REQUEST_EXAMPLES : ERROR_EXAMPLES[status];
  return errorResponse(status, { ...specific, ...generic });
}

function buildOperation(spec: OperationSpec, emitter: SchemaEmitter): OperationObject {
  const parameters: (ParameterObject | Reference)[] = spec.headers.map(headerParameter);
  for (const p of spec.params ?? []) {
    parameters.push({
      name: p.name,
      in: p.in,
      description: p.description,
      required: p.required,
      schema: emitter.emit(p.schema),
      example: p.example,
    });
  }
  const success: ResponseObject = {
    description: spec.success.description,
    content: {
      [spec.success.contentType ?? 'application/json']: {
        schema: emitter.emit(spec.success.schema),
        examples: spec.success.examples,
      },
    },
  };
  if (spec.security !== 'basic')
    success.headers = { 'Correlation-ID': { $ref: '#/components/headers/CorrelationId' } };
  const responses: Record<string, ResponseObject | Reference> = { [spec.success.status]: success };
  for (const status of spec.errors) responses[status] = errorResponseFor(spec, status, emitter);

  const op: OperationObject = {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: spec.description,
    responses,
    security:
      spec.security === 'none' ? [] : [{ [spec.security === 'basic' ? 'BasicAuth' : 'BearerToken']: [] }],
    'x-avvance-source': spec.source,
  };
  if (parameters.length > 0) op.parameters = parameters;
  if (spec.requestBody) {
    op.requestBody = {
      required: spec.requestBody.required ?? true,
      content: {
        [spec.requestBody.contentType ?? 'application/json']: {
          schema: emitter.emit(spec.requestBody.schema),
          examples: spec.requestBody.examples,
        },
      },
    };
  }
  if (spec.replayBlocked) {
    op['x-replay-blocked'] = true;
    op['x-replay-blocked-reason'] = spec.replayBlocked;
  }
  const sensitive = sensitiveFieldsOf(spec);
  if (Object.keys(sensitive).length > 0) op['x-sensitive-fields'] = sensitive;
  return op;
}

function buildWebhook(spec: WebhookSpec, emitter: SchemaEmitter): PathItemObject {
  const op: OperationObject = {
    operationId: spec.operationId,
    tags: ['Webhooks'],
    summary: spec.summary,
    description: spec.description,
    parameters: [...WEBHOOK_HEADERS],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: emitter.emit(spec.schema), examples: spec.examples } },
    },
    responses: {
      '200': { description: 'Received. Any 2xx ends delivery.' },
      '400': { description: 'Any 4xx: Avvance does not retry.' },
      '401': { description: 'Bad webhook credentials (reply with `WWW-Authenticate: Basic`). Not retried.' },
      '500': {
        description: 'Any 5xx or timeout: retried up to 2 times, then once more the next day at 01:00 CST.',
      },
    },
    security: [{ WebhookBasic: [] }, { WebhookBearer: [] }, { WebhookToken: [] }, { WebhookSignature: [] }],
    'x-avvance-source': spec.source,
    'x-webhook-event-name': spec.eventName,
    'x-sensitive-fields': {
      requestHeaders: ['Authorization', 'X-Avvance-Token', 'X-Webhook-Signature'],
      ...(spec.sensitive?.requestBody ? { requestBody: spec.sensitive.requestBody } : {}),
    },
  };
  return { post: op };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Builds a fresh, mutable copy of the document (use {@link avvanceOpenApi} for the shared frozen one). */
export function buildAvvanceOpenApi(): OpenApiDocument {
  const emitter = createSchemaEmitter(AVVANCE_SCHEMAS);
  const paths: Record<string, PathItemObject> = {};
  for (const spec of OPERATION_SPECS) {
    const item = paths[spec.path] ?? {};
    paths[spec.path] = item;
    item[spec.method] = buildOperation(spec, emitter);
    if (spec.servers === 'sandbox') item.servers = [AVVANCE_SERVERS[2]!];
    if (spec.servers === 'auth')
      item.servers = [AVVANCE_SERVERS[0]!, UAT_AUTH_SERVER, ...AVVANCE_SERVERS.slice(1)];
  }
  const webhooks: Record<string, PathItemObject> = {};
  for (const spec of WEBHOOK_SPECS) webhooks[spec.name] = buildWebhook(spec, emitter);

  return structuredClone({
    openapi: '3.1.0',
    info: {
      title: 'Avvance-compatible partner API (Avvance Workbench)',
      version: '1.0.0',
      summary: 'The Avvance partner API as the Workbench sandbox implements it.',
      description:
        'Written by the Avvance Workbench project from publicly known facts about the Avvance partner API ' +
        '(U.S. Bank / Elavon point-of-sale financing); not U.S. Bank’s document. Every operation carries ' +
        '`x-avvance-source`: `confirmed` (public spec), `confirmed-in-client` (seen in public client code) ' +
        'or `proposed` (sandbox only). `x-replay-blocked` marks operations the relay refuses to replay.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [...AVVANCE_SERVERS],
    tags: [...AVVANCE_TAGS, 'Webhooks' as const].map((name) => ({
      name,
      description: TAG_DESCRIPTIONS[name],
    })),
    security: [{ BearerToken: [] }],
    paths,
    webhooks,
    components: {
      schemas: emitter.components,
      parameters: { ...HEADER_PARAMETERS },
      headers: RESPONSE_HEADERS,
      responses: genericErrorResponses(),
      securitySchemes: SECURITY_SCHEMES,
    },
  } satisfies OpenApiDocument);
}

/** The project's Avvance-compatible OpenAPI 3.1 document (deeply frozen; `structuredClone` to mutate). */
export const avvanceOpenApi: Readonly<OpenApiDocument> = deepFreeze(buildAvvanceOpenApi());
