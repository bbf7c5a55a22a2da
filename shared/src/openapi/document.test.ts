import { compileErrors, dereference, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { AVVANCE_SERVERS, avvanceOpenApi, buildAvvanceOpenApi } from './document.ts';
import type {
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  Reference,
  ResponseObject,
} from './types.ts';

type AnyOp = OperationObject & { responses: Record<string, ResponseObject> };

/** The endpoint table: AVVANCE_API.md §3.1 rows 1–16 (link has GET and POST) and S1–S9. */
const EXPECTED: readonly [method: string, path: string, operationId: string, success: number][] = [
  ['post', '/auth/oauth2/v1/token', 'getToken', 200],
  ['post', '/poslp/services/avvance-loan/v1/create', 'createFinancing', 201],
  ['get', '/poslp/services/avvance-loan/v1/notification-status', 'getNotificationStatus', 200],
  ['get', '/poslp/services/avvance-loan/v1/loan-status', 'getLoanStatus', 200],
  ['post', '/poslp/services/avvance-loan/v1/void', 'voidTransaction', 201],
  ['post', '/poslp/services/avvance-loan/v1/refund', 'refundTransaction', 201],
  ['get', '/poslp/services/avvance-loan/v1/transactions', 'listTransactions', 200],
  ['post', '/poslp/services/avvance-loan/v1/price-breakdown', 'getPriceBreakdown', 200],
  ['post', '/poslp/services/pre-approval/v1/create', 'createPreApproval', 201],
  ['post', '/poslp/services/avvance-loan/v1/preapproval-offers', 'getPreApprovalOffers', 200],
  ['get', '/poslp/services/avvance-loan/v1/preapproval/link', 'getPreApprovalLink', 200],
  ['post', '/poslp/services/avvance-loan/v1/preapproval/link', 'postPreApprovalLink', 200],
  ['post', '/poslp/services/partner/enroll-merchant', 'enrollMerchant', 200],
  ['post', '/poslp/services/partner/manage-products', 'manageProducts', 200],
  ['get', '/poslp/services/avvance-loan/v1/products', 'getProducts', 200],
  ['put', '/poslp/services/avvance-loan/v1/products', 'updateProducts', 200],
  ['post', '/poslp/services/avvance-loan/v1/unenroll', 'unenrollMerchant', 200],
  ['get', '/usl/avvance-installment-loans', 'sandboxGetHostedApplication', 200],
  ['post', '/sandbox/v1/applications/{applicationGUID}/submit', 'sandboxSubmitApplication', 200],
  ['post', '/sandbox/v1/applications/{applicationGUID}/accept', 'sandboxAcceptApplication', 200],
  ['post', '/sandbox/v1/applications/{applicationGUID}/events', 'sandboxForceApplicationEvent', 200],
  ['post', '/sandbox/v1/settlement/run', 'sandboxRunSettlement', 200],
  ['get', '/sandbox/v1/partners/{partnerId}/webhook', 'sandboxGetWebhookConfig', 200],
  ['put', '/sandbox/v1/partners/{partnerId}/webhook', 'sandboxSetWebhookConfig', 200],
  ['get', '/sandbox/v1/webhook-deliveries', 'sandboxListWebhookDeliveries', 200],
  ['post', '/sandbox/v1/webhook-deliveries/{deliveryId}/replay', 'sandboxReplayWebhookDelivery', 200],
  ['post', '/sandbox/v1/preapprovals/{preApprovalRequestID}/submit', 'sandboxSubmitPreApproval', 200],
  ['post', '/sandbox/v1/merchants', 'sandboxCreateMerchant', 200],
  ['post', '/sandbox/v1/merchants/{merchantId}/activate', 'sandboxActivateMerchant', 200],
];

/** Required headers per operation, with the real names and casing. */
const REQUIRED_HEADERS: Record<string, string[]> = {
  getToken: [],
  createFinancing: ['Correlation-ID', 'partner-ID'],
  getNotificationStatus: ['Correlation-ID', 'partner-ID', 'merchantId', 'notificationId'],
  getLoanStatus: ['Correlation-ID', 'partner-ID', 'Merchant-ID', 'PartnerSession-ID'],
  voidTransaction: ['Correlation-ID', 'partner-ID'],
  refundTransaction: ['Correlation-ID', 'partner-ID'],
  listTransactions: ['Correlation-ID', 'partner-ID', 'merchantId'],
  getPriceBreakdown: ['Correlation-ID', 'partner-ID'],
  createPreApproval: ['Correlation-ID'],
  getPreApprovalOffers: ['Correlation-ID', 'partner-ID'],
  getPreApprovalLink: ['Correlation-ID', 'partner-ID', 'Merchant-ID'],
  postPreApprovalLink: ['Correlation-ID', 'partner-ID', 'Merchant-ID'],
  enrollMerchant: ['Correlation-ID', 'partner-ID', 'X-Client-IP'],
  manageProducts: ['Correlation-ID', 'partner-ID', 'X-Client-IP'],
  getProducts: ['Correlation-ID', 'partner-ID', 'Identifier'],
  updateProducts: ['Correlation-ID', 'partner-ID'],
  unenrollMerchant: ['Correlation-ID', 'partner-ID'],
};

const doc = avvanceOpenApi;

function operations(): [string, string, AnyOp][] {
  const out: [string, string, AnyOp][] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch'] as const) {
      const op = item[method];
      if (op) out.push([method, path, op as AnyOp]);
    }
  }
  return out;
}

function resolve<T>(value: T | Reference): T {
  if (typeof value === 'object' && value !== null && '$ref' in value) {
    const parts = value.$ref.replace(/^#\//, '').split('/');
    return parts.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], doc) as T;
  }
  return value;
}

describe('avvanceOpenApi', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('resolves every $ref', async () => {
    const deref = (await dereference(structuredClone(doc) as never)) as unknown as typeof doc;
    expect(JSON.stringify(deref.paths)).not.toContain('"$ref"');
    const create = deref.paths['/poslp/services/avvance-loan/v1/create']!.post!;
    const schema = create.requestBody!.content['application/json']!.schema as { required: string[] };
    expect(schema.required).toEqual(['partnerSessionId', 'merchantId', 'invoiceAmount']);
  });

  it('rejects a broken document (the validator is not vacuous)', async () => {
    const broken = structuredClone(doc) as typeof doc;
    const created = broken.paths['/poslp/services/avvance-loan/v1/create']!.post!.responses[
      '201'
    ] as ResponseObject;
    created.content!['application/json']!.schema = { $ref: '#/components/schemas/DoesNotExist' };
    await expect(dereference(broken as never)).rejects.toThrow();
    const invalid: Partial<OpenApiDocument> = structuredClone(doc) as OpenApiDocument;
    delete invalid.info;
    expect((await validate(invalid as never)).valid).toBe(false);
  });

  it('contains exactly the expected operations', () => {
    const actual = operations().map(([method, path, op]) => [method, path, op.operationId]);
    expect(actual.sort()).toEqual(EXPECTED.map(([m, p, id]) => [m, p, id]).sort());
  });

  it.each(EXPECTED)('%s %s → %s answers %i', (method, path, operationId, success) => {
    const op = doc.paths[path]?.[method as 'get'] as AnyOp;
    expect(op.operationId).toBe(operationId);
    const res = resolve(op.responses[String(success)]!);
    expect(Object.values(res.content ?? {})[0]?.schema).toBeDefined();
  });

  it('gives every operation a unique operationId, one known tag, a 2xx with a schema and a 400', () => {
    const tags = new Set(doc.tags.map((t) => t.name));
    const ids = new Set<string>();
    for (const [method, path, op] of operations()) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(op.operationId), where).toBe(false);
      ids.add(op.operationId);
      expect(op.tags, where).toHaveLength(1);
      expect(tags.has(op.tags[0]!), where).toBe(true);
      const twoXx = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(twoXx, where).toHaveLength(1);
      expect(Object.values(resolve(op.responses[twoXx[0]!]!).content ?? {})[0]?.schema, where).toBeDefined();
      expect(op.responses['400'], where).toBeDefined();
      expect(['confirmed', 'confirmed-in-client', 'proposed']).toContain(op['x-avvance-source']);
    }
  });

  it.each(Object.entries(REQUIRED_HEADERS))('%s declares its required headers', (operationId, names) => {
    const op = operations().find(([, , o]) => o.operationId === operationId)![2];
    const params = (op.parameters ?? []).map((p) => resolve<ParameterObject>(p));
    const required = params.filter((p) => p.in === 'header' && p.required).map((p) => p.name);
    expect(required.sort()).toEqual([...names].sort());
  });

  it('keeps paging and dates of /transactions in headers, not the query string', () => {
    const op = doc.paths['/poslp/services/avvance-loan/v1/transactions']!.get!;
    const params = (op.parameters ?? []).map((p) => resolve<ParameterObject>(p));
    for (const name of ['startDate', 'endDate', 'pageNumber', 'pageSize']) {
      expect(params.find((p) => p.name === name)?.in).toBe('header');
    }
    expect(op.description).toMatch(/30 days/);
  });

  it('uses Basic auth for the token endpoint, bearer for partner APIs and none for the sandbox', () => {
    for (const [, path, op] of operations()) {
      const scheme = Object.keys(op.security?.[0] ?? {})[0];
      if (path === '/auth/oauth2/v1/token') expect(scheme).toBe('BasicAuth');
      else if (op.tags[0] === 'Sandbox') expect(op.security).toEqual([]);
      else expect(scheme).toBe('BearerToken');
    }
    expect(doc.components.securitySchemes['BearerToken']).toMatchObject({
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('marks money-moving and merchant-state operations as replay-blocked, with a reason', () => {
    const blocked = operations()
      .filter(([, , op]) => op['x-replay-blocked'] === true)
      .map(([, , op]) => op.operationId)
      .sort();
    expect(blocked).toEqual([
      'getToken',
      'refundTransaction',
      'unenrollMerchant',
      'updateProducts',
      'voidTransaction',
    ]);
    for (const [, , op] of operations()) {
      if (op['x-replay-blocked']) expect(op['x-replay-blocked-reason']).toEqual(expect.any(String));
    }
  });

  it('lists sensitive fields, including Authorization on authenticated calls', () => {
    const create = doc.paths['/poslp/services/avvance-loan/v1/create']!.post!;
    expect(create['x-sensitive-fields']).toMatchObject({
      requestHeaders: ['Authorization'],
      requestBody: expect.arrayContaining(['consumer.email', 'consumer.mobilePhone', 'metadata[].value']),
      responseBody: ['consumerOnboardingURL'],
    });
  });

  it('declares the three servers with a port variable for the embedded sandbox', () => {
    expect(doc.servers.map((s) => s.url)).toEqual([
      'https://alpha-api2.usbank.com',
      'https://api2.usbank.com',
      'http://127.0.0.1:{port}',
    ]);
    expect(doc.servers[2]!.variables?.['port']?.default).toMatch(/^\d+$/);
    expect(doc.paths['/sandbox/v1/merchants']!.servers).toEqual([AVVANCE_SERVERS[2]]);
    expect(doc.paths['/auth/oauth2/v1/token']!.servers!.map((s) => s.url)).toContain(
      'https://alpha-api.usbank.com',
    );
  });

  it('declares the three webhooks with their headers and auth modes', () => {
    const names = {
      loanStatus: 'LOAN_STATUS_DETAILS',
      merchantActivity: 'AVVANCE_MERCHANT_ACTIVITY',
      preApprovalLeads: 'PRE_APPROVAL_LEADS',
    };
    expect(Object.keys(doc.webhooks).sort()).toEqual(Object.keys(names).sort());
    for (const [name, eventName] of Object.entries(names)) {
      const op = doc.webhooks[name]!.post!;
      expect(op['x-webhook-event-name']).toBe(eventName);
      const headers = (op.parameters ?? []).map((p) => resolve<ParameterObject>(p));
      const required = headers.filter((h) => h.required).map((h) => h.name);
      expect(required.sort()).toEqual(['Application-ID', 'Channel-ID', 'Correlation-ID', 'Session-ID']);
      expect(op.security?.map((s) => Object.keys(s)[0])).toEqual([
        'WebhookBasic',
        'WebhookBearer',
        'WebhookToken',
        'WebhookSignature',
      ]);
    }
  });

  it('uses the BaseResponse envelope for partner errors and the token shape for the token endpoint', () => {
    const create = doc.paths['/poslp/services/avvance-loan/v1/create']!.post!;
    for (const status of ['400', '401', '405', '429', '500', '503']) {
      const res = resolve(create.responses[status]!);
      expect(res.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/ErrorResponse',
      });
    }
    const token = doc.paths['/auth/oauth2/v1/token']!.post!;
    const tokenError = resolve(token.responses['400']!);
    expect(tokenError.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/TokenErrorResponse',
    });
  });

  it('contains no TypeBox markers and is frozen', () => {
    expect(JSON.stringify(doc)).not.toMatch(/"~/);
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.paths)).toBe(true);
  });

  it('builds equal, independent copies', () => {
    const copy = buildAvvanceOpenApi();
    expect(copy).toEqual(structuredClone(doc));
    copy.info.title = 'changed';
    expect(doc.info.title).not.toBe('changed');
  });

  it('documents the real casing quirks in component schemas', () => {
    const s = doc.components.schemas;
    expect(s['FinancingInitiationRequest']!['properties'] as object).toHaveProperty('partnerSessionId');
    expect(s['FinancingInitiationResponse']!['properties'] as object).toHaveProperty('partnerSessionID');
    expect(s['UnenrollRequest']!['properties'] as object).toHaveProperty('unenrolled_by');
    expect(s['TokenResponse']!['properties']).toMatchObject({
      tokenType: { const: 'BearerToken' },
      expiresIn: { type: 'string' },
    });
    expect(s['LoanApplicationStatus']!['enum']).toContain('APPLICATION_PARTIALLY_APPROVED');
    expect(s['AvvanceTimestamp']!['pattern']).toBe(
      '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+0000$',
    );
  });
});
