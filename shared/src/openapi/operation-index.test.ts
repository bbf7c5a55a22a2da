import { describe, expect, it } from 'vitest';
import { avvanceOpenApi } from './document.ts';
import {
  findOperation,
  getOperation,
  isReplayBlocked,
  listOperations,
  listWebhooks,
  normalizeRequestPath,
} from './operation-index.ts';

const GUID = '7b831e4d-cfc7-4215-bad4-11a88eff8090';

/** [method, concrete URL as seen in the wild, expected operationId or undefined, expected prefix]. */
const MATCHES: readonly [string, string, string | undefined, string?][] = [
  ['POST', 'https://alpha-api2.usbank.com/auth/oauth2/v1/token', 'getToken', ''],
  ['POST', 'https://alpha-api.usbank.com/auth/oauth2/v1/token', 'getToken', ''],
  ['POST', 'https://api2.usbank.com/poslp/services/avvance-loan/v1/create', 'createFinancing', ''],
  ['post', '/poslp/services/avvance-loan/v1/create', 'createFinancing', ''],
  ['POST', '/poslp/services/avvance-loan/v1/create/', 'createFinancing', ''],
  [
    'POST',
    'http://127.0.0.1:8787/v1/proxy/uat/poslp/services/avvance-loan/v1/create',
    'createFinancing',
    '/v1/proxy/uat',
  ],
  [
    'POST',
    '/v1/proxy/production/poslp/services/avvance-loan/v1/void',
    'voidTransaction',
    '/v1/proxy/production',
  ],
  ['POST', '/poslp/services/pre-approval/v1/create', 'createPreApproval', ''],
  ['GET', '/poslp/services/avvance-loan/v1/notification-status?x=1', 'getNotificationStatus', ''],
  ['GET', '/poslp/services/avvance-loan/v1/loan-status#top', 'getLoanStatus', ''],
  [
    'GET',
    'https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/transactions?pageNumber=2',
    'listTransactions',
    '',
  ],
  ['GET', '/poslp/services/avvance-loan/v1/preapproval/link', 'getPreApprovalLink', ''],
  ['POST', '/poslp/services/avvance-loan/v1/preapproval/link', 'postPreApprovalLink', ''],
  ['GET', '/poslp/services/avvance-loan/v1/products', 'getProducts', ''],
  ['PUT', '/poslp/services/avvance-loan/v1/products', 'updateProducts', ''],
  ['POST', '//poslp/services/avvance-loan/v1/refund', 'refundTransaction', ''],
  ['POST', '/POSLP/Services/Avvance-Loan/v1/Unenroll', 'unenrollMerchant', ''],
  [
    'GET',
    `http://127.0.0.1:8787/usl/avvance-installment-loans?guid=${GUID}`,
    'sandboxGetHostedApplication',
    '',
  ],
  ['POST', `/sandbox/v1/applications/${GUID}/submit`, 'sandboxSubmitApplication', ''],
  [
    'POST',
    `/v1/proxy/sandbox/sandbox/v1/applications/${GUID}/accept`,
    'sandboxAcceptApplication',
    '/v1/proxy/sandbox',
  ],
  ['POST', '/sandbox/v1/merchants', 'sandboxCreateMerchant', ''],
  ['POST', '/sandbox/v1/merchants/8025491732/activate', 'sandboxActivateMerchant', ''],
  ['PUT', '/sandbox/v1/partners/partner-org-name/webhook', 'sandboxSetWebhookConfig', ''],
  ['POST', '/sandbox/v1/webhook-deliveries/dlv_000004/replay', 'sandboxReplayWebhookDelivery', ''],
  ['DELETE', '/poslp/services/avvance-loan/v1/products', undefined],
  ['GET', '/poslp/services/avvance-loan/v1/create', undefined],
  ['POST', '/poslp/services/avvance-loan/v1/creates', undefined],
  ['POST', '/poslp/services/avvance-loan/v1/create/extra', undefined],
  ['POST', '/sandbox/v1/applications//submit', undefined],
  ['GET', 'https://example.com/', undefined],
  ['GET', '', undefined],
];

describe('findOperation', () => {
  it.each(MATCHES)('%s %s → %s', (method, url, operationId, prefix) => {
    const match = findOperation(method, url);
    expect(match?.operationId).toBe(operationId);
    if (operationId !== undefined) expect(match?.prefix).toBe(prefix);
  });

  it('extracts and decodes path parameters', () => {
    expect(findOperation('POST', `/sandbox/v1/applications/${GUID}/submit?debug=1`)?.params).toEqual({
      applicationGUID: GUID,
    });
    expect(findOperation('PUT', '/sandbox/v1/partners/partner%20org/webhook')?.params).toEqual({
      partnerId: 'partner org',
    });
    expect(findOperation('PUT', '/sandbox/v1/partners/%E0%A4%A/webhook')?.params).toEqual({
      partnerId: '%E0%A4%A',
    });
  });
});

describe('normalizeRequestPath', () => {
  it.each([
    ['https://alpha-api2.usbank.com/a/b?c=d#e', '/a/b'],
    ['a//b/', '/a/b'],
    ['/a/%62', '/a/b'],
    ['/a;x=1/b;y', '/a/b'],
    ['/a/./b/../c', '/a/c'],
    ['/../../a', '/a'],
    ['\\a\\b', '/a/b'],
    ['/a/%E0%A4%A', '/a/%E0%A4%A'],
    ['', '/'],
  ])('%s → %s', (url, path) => {
    expect(normalizeRequestPath(url)).toBe(path);
  });
});

describe('isReplayBlocked', () => {
  it.each([
    ['POST', '/v1/proxy/uat/poslp/services/avvance-loan/v1/void', true],
    ['POST', 'https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/refund', true],
    ['POST', '/poslp/services/avvance-loan/v1/unenroll', true],
    ['PUT', '/poslp/services/avvance-loan/v1/products', true],
    ['POST', '/auth/oauth2/v1/token', true],
    ['GET', '/poslp/services/avvance-loan/v1/products', false],
    ['POST', '/poslp/services/avvance-loan/v1/create', false],
    ['POST', '/poslp/services/partner/enroll-merchant', false],
    ['POST', '/poslp/services/partner/manage-products', false],
    ['GET', '/unknown', false],
    ['POST', '/poslp/services/avvance-loan/v1/%76oid', true],
    ['POST', '/poslp/services/avvance-loan/v1/void;jsessionid=1', true],
    ['POST', '/poslp/services/avvance-loan/v1/create/../void', true],
    ['POST', '/poslp/services/avvance-loan/v1/./refund?x=1', true],
    ['POST', '\\poslp\\services\\avvance-loan\\v1\\unenroll', true],
    ['POST', '/poslp/services/avvance-loan/v1%2Fvoid', true],
  ] as const)('%s %s → %s', (method, url, blocked) => {
    expect(isReplayBlocked(method, url)).toBe(blocked);
  });
});

describe('listOperations', () => {
  it('describes every operation of the document, once', () => {
    const ops = listOperations();
    const documented = Object.values(avvanceOpenApi.paths).flatMap((item) =>
      (['get', 'post', 'put'] as const).flatMap((m) => (item[m] ? [item[m]!.operationId] : [])),
    );
    expect(ops.map((o) => o.operationId).sort()).toEqual(documented.sort());
    expect(listOperations()).toBe(ops);
  });

  it('gives the request builder inlined schemas, examples and real header names', () => {
    const create = getOperation('createFinancing')!;
    expect(create).toMatchObject({
      method: 'POST',
      path: '/poslp/services/avvance-loan/v1/create',
      tag: 'Financing',
      replayBlocked: false,
      source: 'confirmed',
      security: 'bearer',
      requestContentType: 'application/json',
    });
    expect(JSON.stringify(create.requestSchema)).not.toContain('$ref');
    expect(create.requestSchema?.['required']).toEqual(['partnerSessionId', 'merchantId', 'invoiceAmount']);
    expect(create.requestExample).toMatchObject({ merchantId: '435523232323' });
    expect(create.headerParams.map((h) => [h.name, h.required])).toEqual([
      ['Correlation-ID', true],
      ['partner-ID', true],
    ]);
    expect(create.responses[0]).toMatchObject({ status: 201, contentType: 'application/json' });
    expect(create.responses.map((r) => r.status)).toEqual([201, 400, 401, 405, 429, 500, 503]);
    const badRequest = create.responses[1]!;
    expect(badRequest.example).toMatchObject({ error: { code: '400.44010.4100' } });
    expect(create.sensitiveFields.requestBody).toContain('consumer.email');
  });

  it('reports replay-blocked reasons and overridden errors', () => {
    expect(getOperation('voidTransaction')).toMatchObject({
      replayBlocked: true,
      replayBlockedReason: expect.stringMatching(/money/),
    });
    const token = getOperation('getToken')!;
    expect(token.requestContentType).toBe('application/x-www-form-urlencoded');
    expect(token.responses.find((r) => r.status === 401)?.example).toEqual({
      error: { code: '401', message: 'invalid_client' },
    });
    expect(token.headerParams).toEqual([
      expect.objectContaining({ name: 'Correlation-ID', required: false }),
    ]);
    const page = getOperation('sandboxGetHostedApplication')!;
    expect(page.queryParams.map((p) => p.name)).toEqual(['guid']);
    expect(page.responses[0]?.contentType).toBe('text/html');
    expect(
      getOperation('getNotificationStatus')!.responses.find((r) => r.status === 404)?.example,
    ).toMatchObject({
      error: { code: '404.44010.4040' },
    });
    expect(getOperation('nope')).toBeUndefined();
  });
});

describe('listWebhooks', () => {
  it('lists the three webhooks with their required headers', () => {
    const hooks = listWebhooks();
    expect(hooks.map((h) => h.eventName)).toEqual([
      'LOAN_STATUS_DETAILS',
      'AVVANCE_MERCHANT_ACTIVITY',
      'PRE_APPROVAL_LEADS',
    ]);
    for (const hook of hooks) {
      expect(hook.headerParams.filter((h) => h.required).map((h) => h.name)).toEqual([
        'Channel-ID',
        'Correlation-ID',
        'Application-ID',
        'Session-ID',
      ]);
      expect(hook.schema['type']).toBe('object');
    }
  });
});
