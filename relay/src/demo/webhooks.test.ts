import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemoStore, startDemoStore } from './server.ts';
import type { DemoWebhookAuth } from './webhook-auth.ts';

/** A loan-status webhook as Avvance posts it (§2.2). */
function loanStatusEvent(status: string, guid = '7b831e4d-cfc7-4215-bad4-11a88eff8090'): string {
  return JSON.stringify({
    notificationType: 'WEBHOOK',
    alternateId: 'partner-org-name',
    occurredAt: '2024-05-10T17:08:50.000+0000',
    productName: 'BNPL',
    eventName: 'LOAN_STATUS_DETAILS',
    eventDetails: {
      merchantId: '435523232323',
      applicationGUID: guid,
      partnerSessionId: '77ebbf62-2869-4953-9302-a1bf46c6e112',
      loanStatus: { status, merchantMessage: 'PENDING_CUSTOMER_ACTION' },
    },
  });
}

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

async function post(
  store: RunningDemoStore,
  body: string,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(store.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'Correlation-ID': crypto.randomUUID(),
      'Channel-ID': 'Web',
      ...headers,
    },
    body,
  });
}

async function log(store: RunningDemoStore): Promise<{ webhooks: Array<Record<string, unknown>> }> {
  const res = await fetch(`${store.url}/api/avvance/webhooks/log`);
  return (await res.json()) as { webhooks: Array<Record<string, unknown>> };
}

// These run against the demo store alone (real HTTP on 127.0.0.1, no Avvance needed).
describe('demo store webhook endpoint — HTTP Basic (default)', () => {
  let store: RunningDemoStore;
  const auth: DemoWebhookAuth = { type: 'basic', username: 'hooks', password: 's3cret-pass' };

  beforeAll(async () => {
    store = await startDemoStore({ port: 0, registerWebhook: false, webhookAuth: auth });
  });
  afterAll(async () => {
    await store.app.close();
  });

  it('accepts good credentials and logs the status as authenticated', async () => {
    const res = await post(store, loanStatusEvent('APPLICATION_STARTED'), {
      Authorization: basic('hooks', 's3cret-pass'),
    });
    expect(res.status).toBe(200);
    const entries = (await log(store)).webhooks;
    expect(entries.at(-1)).toMatchObject({
      authOk: true,
      httpStatus: 200,
      eventName: 'LOAN_STATUS_DETAILS',
      status: 'APPLICATION_STARTED',
    });
  });

  it('rejects a wrong password with 401 and a Basic challenge', async () => {
    const res = await post(store, loanStatusEvent('APPLICATION_APPROVED'), {
      Authorization: basic('hooks', 'wrong'),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Avvance Webhook"');
    const last = (await log(store)).webhooks.at(-1);
    expect(last).toMatchObject({ authOk: false, httpStatus: 401 });
    // A rejected webhook's content is not trusted, so nothing of it is recorded.
    expect(last?.status).toBeUndefined();
  });

  it('rejects a request without credentials with 401', async () => {
    const res = await post(store, loanStatusEvent('APPLICATION_APPROVED'), {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
    expect((await log(store)).webhooks.at(-1)).toMatchObject({
      authOk: false,
      rejectedReason: 'missing Authorization header',
    });
  });

  it('answers 400 to an authenticated request whose body is not JSON', async () => {
    const res = await post(store, '{"eventName": ', { Authorization: basic('hooks', 's3cret-pass') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DEMO_WEBHOOK_BAD_JSON');
  });

  it('answers 405 to anything but POST', async () => {
    const res = await fetch(store.webhookUrl, { headers: { Authorization: basic('hooks', 's3cret-pass') } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('never echoes the webhook password in the log endpoint', async () => {
    const text = await (await fetch(`${store.url}/api/avvance/webhooks/log`)).text();
    expect(text).not.toContain('s3cret-pass');
    expect(text).toContain('HTTP Basic');
  });
});

describe('demo store webhook endpoint — bearer and HMAC modes', () => {
  it('bearer: accepts the token in X-Avvance-Token and rejects another', async () => {
    const store = await startDemoStore({
      port: 0,
      registerWebhook: false,
      webhookAuth: { type: 'bearer', token: 'tok_abcdefghijklmnop', header: 'X-Avvance-Token' },
    });
    try {
      const good = await post(store, loanStatusEvent('APPLICATION_STARTED'), {
        'X-Avvance-Token': 'tok_abcdefghijklmnop',
      });
      expect(good.status).toBe(200);
      const bad = await post(store, loanStatusEvent('APPLICATION_STARTED'), {
        'X-Avvance-Token': 'tok_nope',
      });
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toBeNull();
    } finally {
      await store.app.close();
    }
  });

  it('hmac: verifies X-Webhook-Signature over the raw body (timestamped variant too)', async () => {
    const secret = 'whsec_0123456789abcdef';
    const store = await startDemoStore({
      port: 0,
      registerWebhook: false,
      webhookAuth: { type: 'hmac', secret, timestamped: true },
    });
    try {
      const body = loanStatusEvent('APPLICATION_APPROVED');
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
      const good = await post(store, body, { 'X-Webhook-Signature': sig, 'X-Avvance-Timestamp': ts });
      expect(good.status).toBe(200);
      // Same signature, body changed by one character: must fail.
      const tampered = await post(store, body.replace('APPROVED', 'APPROVEX'), {
        'X-Webhook-Signature': sig,
        'X-Avvance-Timestamp': ts,
      });
      expect(tampered.status).toBe(401);
      const noTs = await post(store, body, { 'X-Webhook-Signature': sig });
      expect(noTs.status).toBe(401);
    } finally {
      await store.app.close();
    }
  });
});
