import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../../shared/src/openapi/__tests__/ajv.ts';
import { HOSTED_SUBMIT, PRE_APPROVAL_SUBMIT } from '../../../shared/src/openapi/examples/sandbox.ts';
import { avvanceOpenApi, listOperations } from '../../../shared/src/openapi/index.ts';
import { BASIC, buildSandbox, MID, PARTNER, type TestSandbox } from './__tests__/helpers.ts';

// THE contract test: every operation of the shared OpenAPI document is called on its success path and
// on every error status it documents, and each body is validated against the document's own schema
// for that status (ajv 2020, compiled from `avvanceOpenApi`). An operation/status never exercised fails.

type Node = Record<string, unknown>;
const doc = avvanceOpenApi as unknown as Node;
const components = doc['components'] as Node;
const ajv = createAjv();
const DOC_ID = 'https://avvance-workbench.test/openapi';
ajv.addSchema(
  JSON.parse(
    JSON.stringify({ $id: DOC_ID, $defs: components['schemas'] }).replaceAll(
      '#/components/schemas/',
      `${DOC_ID}#/$defs/`,
    ),
  ),
);

function deref(node: Node): Node {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
  return (components[section!] as Node)[name!] as Node;
}

/** The document's schema for (operationId, status), with its content type. */
function documentedResponse(
  operationId: string,
  status: number,
): { contentType: string; schema: Node } | undefined {
  for (const item of Object.values(doc['paths'] as Node) as Node[]) {
    for (const op of Object.values(item) as Node[]) {
      if (op?.['operationId'] !== operationId) continue;
      const res = (op['responses'] as Node)[String(status)];
      if (!res) return undefined;
      const content = deref(res as Node)['content'] as Node;
      const [contentType, media] = Object.entries(content)[0]!;
      const schema = JSON.parse(
        JSON.stringify((media as Node)['schema']).replaceAll('#/components/schemas/', `${DOC_ID}#/$defs/`),
      );
      return { contentType, schema };
    }
  }
  return undefined;
}

const exercised = new Map<string, Set<number>>();

function check(operationId: string, res: LightMyRequestResponse, expected: number): void {
  expect(res.statusCode, `${operationId}: ${res.body.slice(0, 300)}`).toBe(expected);
  const documented = documentedResponse(operationId, res.statusCode);
  expect(documented, `${operationId} does not document ${res.statusCode}`).toBeDefined();
  const { contentType, schema } = documented!;
  expect(String(res.headers['content-type'])).toContain(contentType);
  const body = contentType === 'application/json' ? res.json() : res.body;
  const validate = ajv.compile(schema);
  expect(
    validate(body),
    `${operationId} ${res.statusCode}: ${ajv.errorsText(validate.errors)}\n${res.body.slice(0, 500)}`,
  ).toBe(true);
  if (contentType === 'application/json' && operationId !== 'getToken')
    expect(res.headers['correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  const set = exercised.get(operationId) ?? new Set<number>();
  exercised.set(operationId, set);
  set.add(res.statusCode);
}

const LOAN = '/poslp/services/avvance-loan/v1';
let sb: TestSandbox;

beforeAll(async () => {
  sb = await buildSandbox();
});
afterAll(async () => {
  await sb.close();
});

/** A request per operation that succeeds (state prepared as needed). */
async function successRequest(
  operationId: string,
): Promise<{ method: string; url: string; body?: unknown; headers?: Record<string, string | undefined> }> {
  switch (operationId) {
    case 'getToken':
      return { method: 'POST', url: '/auth/oauth2/v1/token' };
    case 'createFinancing':
      return {
        method: 'POST',
        url: `${LOAN}/create`,
        body: { partnerSessionId: randomUUID(), merchantId: MID, invoiceAmount: '340' },
      };
    case 'getNotificationStatus': {
      const { guid } = await sb.authorized();
      return {
        method: 'GET',
        url: `${LOAN}/notification-status`,
        headers: { notificationid: guid, merchantid: MID },
      };
    }
    case 'getLoanStatus': {
      const { sessionId } = await sb.authorized();
      return { method: 'GET', url: `${LOAN}/loan-status`, headers: { 'partnersession-id': sessionId } };
    }
    case 'voidTransaction': {
      const { sessionId } = await sb.authorized();
      return { method: 'POST', url: `${LOAN}/void`, body: { merchantId: MID, partnerSessionId: sessionId } };
    }
    case 'refundTransaction': {
      const { sessionId } = await sb.authorized();
      await sb.app.inject({ method: 'POST', url: '/sandbox/v1/settlement/run' });
      return {
        method: 'POST',
        url: `${LOAN}/refund`,
        body: { merchantId: MID, partnerSessionId: sessionId, refundAmount: 100 },
      };
    }
    case 'listTransactions':
      await sb.authorized();
      return { method: 'GET', url: `${LOAN}/transactions`, headers: { merchantid: MID } };
    case 'getPriceBreakdown':
      return { method: 'POST', url: `${LOAN}/price-breakdown`, body: { merchantId: MID, amount: 1240 } };
    case 'createPreApproval':
      return { method: 'POST', url: '/poslp/services/pre-approval/v1/create', body: { merchantID: MID } };
    case 'getPreApprovalOffers': {
      const id = await preApproved();
      return {
        method: 'POST',
        url: `${LOAN}/preapproval-offers`,
        body: { shoppingCartId: id, merchantId: MID, intendedSpendingAmount: 1000 },
      };
    }
    case 'getPreApprovalLink':
      return { method: 'GET', url: `${LOAN}/preapproval/link` };
    case 'postPreApprovalLink':
      return { method: 'POST', url: `${LOAN}/preapproval/link` };
    case 'enrollMerchant':
      return {
        method: 'POST',
        url: '/poslp/services/partner/enroll-merchant',
        headers: { 'x-client-ip': '100.100.0.10' },
        body: {
          merchantId: '8025000001',
          firstName: 'John',
          lastName: 'Doe',
          applicantEmail: 'john@example.com',
        },
      };
    case 'manageProducts':
      return {
        method: 'POST',
        url: '/poslp/services/partner/manage-products',
        headers: { 'x-client-ip': '100.100.0.10' },
        body: { merchantId: MID, applicantEmail: 'john@example.com', isEditFlow: 'true' },
      };
    case 'getProducts':
      return { method: 'GET', url: `${LOAN}/products`, headers: { identifier: MID } };
    case 'updateProducts': {
      const m = await sb.app.inject({
        method: 'POST',
        url: '/sandbox/v1/merchants',
        payload: { partnerId: PARTNER, dbaName: 'Prod Co', email: 'p@example.com' },
      });
      return {
        method: 'PUT',
        url: `${LOAN}/products`,
        body: {
          products: [{ changeRequestType: 'add', productCode: 'posl0pr006' }],
          performedBy: 'john doe',
          merchantEmail: 'john@example.com',
          merchantDBAName: 'acme',
          merchantId: m.json().merchantId,
        },
      };
    }
    case 'unenrollMerchant': {
      const m = await sb.app.inject({
        method: 'POST',
        url: '/sandbox/v1/merchants',
        payload: { partnerId: PARTNER, dbaName: 'Gone Co', email: 'g@example.com' },
      });
      const mid = m.json().merchantId;
      await sb.app.inject({ method: 'POST', url: `/sandbox/v1/merchants/${mid}/activate` });
      return {
        method: 'POST',
        url: `${LOAN}/unenroll`,
        body: { merchantId: mid, unenrolled_by: 'John Doe, john@example.com' },
      };
    }
    default:
      throw new Error(`no success request for ${operationId}`);
  }
}

async function preApproved(): Promise<string> {
  const created = await sb.call('POST', '/poslp/services/pre-approval/v1/create', {
    body: { merchantID: MID },
  });
  const id = created.json().preApprovalRequestID;
  await sb.app.inject({
    method: 'POST',
    url: `/sandbox/v1/preapprovals/${id}/submit`,
    payload: PRE_APPROVAL_SUBMIT,
  });
  return id;
}

async function send(
  req: { method: string; url: string; body?: unknown; headers?: Record<string, string | undefined> },
  extra: Record<string, string | undefined> = {},
  token = true,
): Promise<LightMyRequestResponse> {
  if (req.url.startsWith('/auth/')) {
    return sb.app.inject({
      method: 'POST',
      url: req.url,
      headers: {
        authorization: BASIC,
        'content-type': 'application/x-www-form-urlencoded',
        ...(extra as Record<string, string>),
      },
      payload: 'grant_type=client_credentials',
    });
  }
  const headers = { ...req.headers, ...extra, ...(token ? {} : { authorization: undefined }) };
  return sb.call(req.method as 'GET', req.url, {
    ...(req.body === undefined ? {} : { body: req.body }),
    headers,
  });
}

const PARTNER_OPS = listOperations().filter((op) => op.security !== 'none');
const SANDBOX_OPS = listOperations().filter((op) => op.security === 'none');

describe('contract: partner operations', () => {
  for (const op of PARTNER_OPS) {
    it(`${op.operationId}: success and generic errors`, async () => {
      const req = await successRequest(op.operationId);
      check(op.operationId, await send(req), op.responses[0]!.status);
      const statuses = op.responses.slice(1).map((r) => r.status);
      if (statuses.includes(405)) {
        const wrong = op.method === 'PUT' || op.method === 'POST' ? 'DELETE' : 'PATCH';
        check(op.operationId, await sb.app.inject({ method: wrong, url: req.url }), 405);
      }
      for (const status of [429, 500, 503]) {
        if (statuses.includes(status))
          check(
            op.operationId,
            await send(await successRequest(op.operationId), { 'x-sandbox-fault': `status=${status}` }),
            status,
          );
      }
      if (op.security === 'bearer') {
        check(op.operationId, await send(req, {}, false), 401);
        check(op.operationId, await send(req, { 'correlation-id': undefined }), 400);
      }
    });
  }
});

describe('contract: specific error paths', () => {
  it('getToken 400 / 401', async () => {
    const bad = await sb.app.inject({
      method: 'POST',
      url: '/auth/oauth2/v1/token',
      headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=password',
    });
    check('getToken', bad, 400);
    expect(bad.json()).toEqual({ error: { code: '400', message: 'unsupported_grant_type' } });
    const none = await sb.app.inject({
      method: 'POST',
      url: '/auth/oauth2/v1/token',
      headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    check('getToken', none, 400);
    expect(none.json().error.message).toBe('invalid_request');
    const wrong = await sb.app.inject({
      method: 'POST',
      url: '/auth/oauth2/v1/token',
      headers: {
        authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'grant_type=client_credentials',
    });
    check('getToken', wrong, 401);
    expect(wrong.json()).toEqual({ error: { code: '401', message: 'invalid_client' } });
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
  });

  it('404 on lookups of unknown ids', async () => {
    const unknown = randomUUID();
    check(
      'getNotificationStatus',
      await sb.call('GET', `${LOAN}/notification-status`, {
        headers: { notificationid: unknown, merchantid: MID },
      }),
      404,
    );
    check(
      'getLoanStatus',
      await sb.call('GET', `${LOAN}/loan-status`, { headers: { 'partnersession-id': unknown } }),
      404,
    );
    check(
      'voidTransaction',
      await sb.call('POST', `${LOAN}/void`, { body: { merchantId: MID, partnerSessionId: unknown } }),
      404,
    );
    check(
      'refundTransaction',
      await sb.call('POST', `${LOAN}/refund`, {
        body: { merchantId: MID, partnerSessionId: unknown, refundAmount: 1 },
      }),
      404,
    );
    check(
      'getPreApprovalOffers',
      await sb.call('POST', `${LOAN}/preapproval-offers`, {
        body: { shoppingCartId: unknown, merchantId: MID, intendedSpendingAmount: 500 },
      }),
      404,
    );
    check(
      'getProducts',
      await sb.call('GET', `${LOAN}/products`, {
        headers: { identifier: '999999999999', 'merchant-id': undefined },
      }),
      404,
    );
    check(
      'updateProducts',
      await sb.call('PUT', `${LOAN}/products`, {
        body: {
          products: [{ changeRequestType: 'add', productCode: 'poslapr060' }],
          performedBy: 'x',
          merchantEmail: 'x@example.com',
          merchantDBAName: 'x',
          merchantId: '999999999999',
        },
      }),
      404,
    );
  });
});

describe('contract: sandbox control plane', () => {
  const ctl = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    sb.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('every control operation: success, 400, 404 and injected 500', async () => {
    const { guid } = await sb.create();
    check(
      'sandboxGetHostedApplication',
      await ctl('GET', `/usl/avvance-installment-loans?guid=${guid}`),
      200,
    );
    check('sandboxGetHostedApplication', await ctl('GET', '/usl/avvance-installment-loans'), 400);
    check(
      'sandboxGetHostedApplication',
      await ctl('GET', `/usl/avvance-installment-loans?guid=${randomUUID()}`),
      404,
    );

    check('sandboxSubmitApplication', await sb.submit(guid), 200);
    check(
      'sandboxSubmitApplication',
      await ctl('POST', `/sandbox/v1/applications/${guid}/submit`, { applicant: {} }),
      400,
    );
    check(
      'sandboxSubmitApplication',
      await ctl('POST', `/sandbox/v1/applications/${randomUUID()}/submit`, HOSTED_SUBMIT),
      404,
    );
    check(
      'sandboxAcceptApplication',
      await ctl('POST', `/sandbox/v1/applications/${guid}/accept`, { eSignConsent: true }),
      200,
    );
    check('sandboxAcceptApplication', await ctl('POST', `/sandbox/v1/applications/${guid}/accept`), 400);
    check(
      'sandboxAcceptApplication',
      await ctl('POST', `/sandbox/v1/applications/${randomUUID()}/accept`),
      404,
    );
    check(
      'sandboxForceApplicationEvent',
      await ctl('POST', `/sandbox/v1/applications/${guid}/events`, {
        status: 'INVOICE_PAYMENT_TRANSACTION_SETTLED',
      }),
      200,
    );
    check(
      'sandboxForceApplicationEvent',
      await ctl('POST', `/sandbox/v1/applications/${guid}/events`, { status: 'APPLICATION_APROVED' }),
      400,
    );
    check(
      'sandboxForceApplicationEvent',
      await ctl('POST', `/sandbox/v1/applications/${randomUUID()}/events`, {
        status: 'APPLICATION_LINK_EXPIRED',
      }),
      404,
    );

    check('sandboxRunSettlement', await ctl('POST', '/sandbox/v1/settlement/run'), 200);
    check('sandboxRunSettlement', await ctl('POST', '/sandbox/v1/settlement/run', { merchantId: '' }), 400);

    check('sandboxGetWebhookConfig', await ctl('GET', `/sandbox/v1/partners/${PARTNER}/webhook`), 404);
    check(
      'sandboxSetWebhookConfig',
      await ctl('PUT', `/sandbox/v1/partners/${PARTNER}/webhook`, {
        url: 'http://127.0.0.1:9/hook',
        auth: { type: 'basic', username: 'u', password: 'p' },
      }),
      200,
    );
    check(
      'sandboxSetWebhookConfig',
      await ctl('PUT', `/sandbox/v1/partners/${PARTNER}/webhook`, {
        url: 'ftp://x/y',
        auth: { type: 'basic', username: 'u', password: 'p' },
      }),
      400,
    );
    check(
      'sandboxSetWebhookConfig',
      await ctl('PUT', '/sandbox/v1/partners/nobody/webhook', {
        url: 'http://x/y',
        auth: { type: 'basic', username: 'u', password: 'p' },
      }),
      404,
    );
    check('sandboxGetWebhookConfig', await ctl('GET', `/sandbox/v1/partners/${PARTNER}/webhook`), 200);
    check(
      'sandboxGetWebhookConfig',
      await ctl('GET', '/sandbox/v1/partners/nobody/webhook?x=1', undefined, { 'correlation-id': 'nope' }),
      400,
    );

    await sb.authorized();
    await sb.core.webhooks.whenIdle();
    const list = await ctl('GET', '/sandbox/v1/webhook-deliveries');
    check('sandboxListWebhookDeliveries', list, 200);
    check('sandboxListWebhookDeliveries', await ctl('GET', '/sandbox/v1/webhook-deliveries?limit=0'), 400);
    const deliveryId = list.json().deliveries[0].id;
    check(
      'sandboxReplayWebhookDelivery',
      await ctl('POST', `/sandbox/v1/webhook-deliveries/${deliveryId}/replay`),
      200,
    );
    check(
      'sandboxReplayWebhookDelivery',
      await ctl('POST', '/sandbox/v1/webhook-deliveries/dlv_999999/replay'),
      404,
    );
    check(
      'sandboxReplayWebhookDelivery',
      await ctl('POST', '/sandbox/v1/webhook-deliveries/x/replay', undefined, { 'correlation-id': 'bad' }),
      400,
    );

    const pa = await sb.call('POST', '/poslp/services/pre-approval/v1/create', { body: { merchantID: MID } });
    const paId = pa.json().preApprovalRequestID;
    check(
      'sandboxSubmitPreApproval',
      await ctl('POST', `/sandbox/v1/preapprovals/${paId}/submit`, PRE_APPROVAL_SUBMIT),
      200,
    );
    check(
      'sandboxSubmitPreApproval',
      await ctl('POST', `/sandbox/v1/preapprovals/${paId}/submit`, PRE_APPROVAL_SUBMIT),
      400,
    );
    check(
      'sandboxSubmitPreApproval',
      await ctl('POST', `/sandbox/v1/preapprovals/${randomUUID()}/submit`, PRE_APPROVAL_SUBMIT),
      404,
    );

    const created = await ctl('POST', '/sandbox/v1/merchants', {
      partnerId: PARTNER,
      dbaName: 'New Co',
      email: 'new@example.com',
    });
    check('sandboxCreateMerchant', created, 200);
    check('sandboxCreateMerchant', await ctl('POST', '/sandbox/v1/merchants', { partnerId: PARTNER }), 400);
    check(
      'sandboxActivateMerchant',
      await ctl('POST', `/sandbox/v1/merchants/${created.json().merchantId}/activate`),
      200,
    );
    check(
      'sandboxActivateMerchant',
      await ctl('POST', `/sandbox/v1/merchants/${created.json().merchantId}/activate`),
      400,
    );
    check('sandboxActivateMerchant', await ctl('POST', '/sandbox/v1/merchants/111111111111/activate'), 404);

    for (const op of SANDBOX_OPS) {
      if (!op.responses.some((r) => r.status === 500)) continue;
      const url = op.path.replace(/\{[^}]+\}/g, 'x');
      check(
        op.operationId,
        await ctl(op.method as 'GET', url, op.method === 'GET' ? undefined : {}, {
          'x-sandbox-fault': 'status=500',
        }),
        500,
      );
    }
  });
});

describe('contract: coverage', () => {
  it('exercises every documented status of every operation', () => {
    const missing: string[] = [];
    for (const op of listOperations()) {
      for (const r of op.responses)
        if (!exercised.get(op.operationId)?.has(r.status)) missing.push(`${op.operationId} ${r.status}`);
    }
    expect(missing).toEqual([]);
  });
});
