import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRE_APPROVAL_SUBMIT } from '../../../shared/src/openapi/examples/sandbox.ts';
import { buildSandbox, MID, PARTNER, type TestSandbox } from './__tests__/helpers.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real webhook receiver on 127.0.0.1:0 answering the queued statuses (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      if (status === 302) res.setHeader('Location', 'http://127.0.0.1:1/elsewhere');
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/avvance`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let sb: TestSandbox;
let rx: Awaited<ReturnType<typeof receiver>>;
beforeEach(async () => {
  sb = await buildSandbox({ webhooks: { retryDelaysMs: [1000, 5000] } });
});
afterEach(async () => {
  await sb.close();
  await rx?.close();
});

const configure = (auth: object, events?: string[]) =>
  sb.app.inject({
    method: 'PUT',
    url: `/sandbox/v1/partners/${PARTNER}/webhook`,
    payload: { url: rx.url, auth, ...(events ? { events } : {}) },
  });
const deliveries = async () =>
  (await sb.app.inject({ method: 'GET', url: '/sandbox/v1/webhook-deliveries' })).json().deliveries;

describe('webhook delivery', () => {
  it('basic auth (default mode) with Avvance headers, stable Correlation-ID per application + status', async () => {
    rx = await receiver();
    await configure({ type: 'basic', username: 'avvance-webhook', password: 's3cret' });
    const { guid } = await sb.authorized();
    await sb.core.webhooks.whenIdle();
    const statuses = rx.received.map((r) => JSON.parse(r.body).eventDetails.loanStatus.status);
    expect(statuses).toEqual([
      'APPLICATION_STARTED',
      'APPLICATION_APPROVED',
      'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
    ]);
    const first = rx.received[0]!;
    expect(first.headers.authorization).toBe(
      `Basic ${Buffer.from('avvance-webhook:s3cret').toString('base64')}`,
    );
    expect(first.headers).toMatchObject({
      'channel-id': 'Web',
      'application-id': 'AVNC_PTNR',
      'content-type': 'application/json',
    });
    expect(first.headers['session-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(rx.received.map((r) => r.headers['correlation-id'])).size).toBe(3);
    const list = await deliveries();
    expect(list[0]).toMatchObject({ status: 'delivered', headers: { Authorization: 'Basic [Redacted]' } });
    expect(JSON.stringify(list)).not.toContain('s3cret');
    // Redelivery (S7) keeps the Correlation-ID, so the partner can deduplicate.
    const replay = await sb.app.inject({
      method: 'POST',
      url: `/sandbox/v1/webhook-deliveries/${list[0].id}/replay`,
    });
    await sb.core.webhooks.whenIdle();
    expect(replay.json()).toMatchObject({ replayOf: list[0].id, correlationId: list[0].correlationId });
    expect(rx.received).toHaveLength(4);
    expect(rx.received[3]!.body).toBe(rx.received[2]!.body);
    const filtered = await sb.app.inject({
      method: 'GET',
      url: `/sandbox/v1/webhook-deliveries?applicationGUID=${guid}&eventName=LOAN_STATUS_DETAILS&limit=2&partnerId=${PARTNER}`,
    });
    expect(filtered.json().deliveries).toHaveLength(2);
  });

  it('bearer in Authorization and in X-Avvance-Token', async () => {
    rx = await receiver();
    await configure({ type: 'bearer', token: 'whk_token_1' });
    await sb.create().then(({ guid }) => sb.submit(guid, { ssn: '666-12-3333' }));
    await sb.core.webhooks.whenIdle();
    expect(rx.received[0]!.headers.authorization).toBe('Bearer whk_token_1');
    const cfg = await sb.app.inject({ method: 'GET', url: `/sandbox/v1/partners/${PARTNER}/webhook` });
    expect(cfg.json().auth).toEqual({ type: 'bearer', header: 'Authorization' });
    await configure({ type: 'bearer', token: 'whk_token_2', header: 'X-Avvance-Token' });
    await sb.create().then(({ guid }) => sb.submit(guid, { ssn: '666-12-3333' }));
    await sb.core.webhooks.whenIdle();
    const last = rx.received.at(-1)!;
    expect(last.headers['x-avvance-token']).toBe('whk_token_2');
    expect(last.headers.authorization).toBeUndefined();
  });

  it('hmac signature over the raw body, and over timestamp + "." + body when timestamped', async () => {
    rx = await receiver();
    const secret = 'whsec_sandbox_0123456789abcdef';
    await configure({ type: 'hmac', secret });
    await sb.create().then(({ guid }) => sb.submit(guid));
    await sb.core.webhooks.whenIdle();
    const plain = rx.received[0]!;
    expect(plain.headers['x-webhook-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(plain.body).digest('hex')}`,
    );
    expect(plain.headers['x-avvance-timestamp']).toBeUndefined();
    await configure({ type: 'hmac', secret, timestamped: true });
    await sb.create().then(({ guid }) => sb.submit(guid));
    await sb.core.webhooks.whenIdle();
    const stamped = rx.received.at(-1)!;
    const ts = stamped.headers['x-avvance-timestamp'] as string;
    expect(ts).toBe(String(Math.floor(sb.clock.now() / 1000)));
    expect(stamped.headers['x-webhook-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${ts}.${stamped.body}`).digest('hex')}`,
    );
  });

  it('retries a 500 after the configured delay, then succeeds', async () => {
    rx = await receiver([500]);
    await configure({ type: 'basic', username: 'u', password: 'p' }, ['LOAN_STATUS_DETAILS']);
    await sb
      .create()
      .then(({ guid }) =>
        sb.app.inject({ method: 'GET', url: `/usl/avvance-installment-loans?guid=${guid}` }),
      );
    await sb.core.webhooks.whenIdle();
    let [d] = await deliveries();
    expect(d).toMatchObject({ status: 'retrying', attempts: [{ httpStatus: 500 }] });
    expect(Date.parse(d.nextAttemptAt)).toBe(sb.clock.now() + 1000);
    sb.clock.advance(999);
    await sb.core.webhooks.whenIdle();
    expect(rx.received).toHaveLength(1);
    sb.clock.advance(1);
    await sb.core.webhooks.whenIdle();
    [d] = await deliveries();
    expect(d).toMatchObject({ status: 'delivered', attempts: [{ httpStatus: 500 }, { httpStatus: 200 }] });
    expect(rx.received[1]!.headers['correlation-id']).toBe(rx.received[0]!.headers['correlation-id']);
  });

  it('gives up after 2 retries of 5xx; never retries 4xx; never follows redirects', async () => {
    rx = await receiver([503, 503, 503, 400, 302]);
    await configure({ type: 'basic', username: 'u', password: 'p' });
    const { guid } = await sb.create();
    await sb.app.inject({ method: 'GET', url: `/usl/avvance-installment-loans?guid=${guid}` });
    await sb.core.webhooks.whenIdle();
    sb.clock.advance(1000);
    await sb.core.webhooks.whenIdle();
    sb.clock.advance(5000);
    await sb.core.webhooks.whenIdle();
    let [d] = await deliveries();
    expect(d.status).toBe('failed');
    expect(d.attempts.map((a: { httpStatus: number }) => a.httpStatus)).toEqual([503, 503, 503]);
    await sb.submit(guid);
    await sb.core.webhooks.whenIdle();
    [d] = await deliveries();
    expect(d).toMatchObject({ status: 'failed', attempts: [{ httpStatus: 400 }] });
    sb.clock.advance(60_000);
    await sb.core.webhooks.whenIdle();
    expect(rx.received).toHaveLength(4);
    await sb.app.inject({ method: 'POST', url: `/sandbox/v1/applications/${guid}/accept` });
    await sb.core.webhooks.whenIdle();
    [d] = await deliveries();
    expect(d).toMatchObject({
      status: 'failed',
      attempts: [{ httpStatus: 302, error: 'Redirect not followed' }],
    });
    expect(rx.received).toHaveLength(5);
  });

  it('retries network errors and leaves no timers after close', async () => {
    rx = await receiver();
    await rx.close();
    await configure({ type: 'basic', username: 'u', password: 'p' });
    await sb.create().then(({ guid }) => sb.submit(guid));
    await sb.core.webhooks.whenIdle();
    const [d] = await deliveries();
    expect(d).toMatchObject({ status: 'retrying', attempts: [{ error: 'Network error' }] });
    expect(sb.clock.pending()).toBeGreaterThan(0);
    await sb.close();
    expect(sb.clock.pending()).toBe(0);
    sb = await buildSandbox();
    rx = await receiver();
  });

  it('merchant activity and pre-approval lead webhooks', async () => {
    rx = await receiver();
    await configure({ type: 'basic', username: 'u', password: 'p' });
    const m = await sb.app.inject({
      method: 'POST',
      url: '/sandbox/v1/merchants',
      payload: {
        partnerId: PARTNER,
        merchantId: '8025000099',
        dbaName: 'Lead Co',
        email: 'lead@example.com',
      },
    });
    expect(m.json()).toMatchObject({ status: 'PENDING_ENROLLMENT', merchantId: '8025000099' });
    const active = await sb.app.inject({ method: 'POST', url: '/sandbox/v1/merchants/8025000099/activate' });
    expect(active.json()).toMatchObject({ status: 'ACTIVE', webhookDeliveryId: expect.any(String) });
    const un = await sb.call('POST', '/poslp/services/avvance-loan/v1/unenroll', {
      body: { merchantId: '8025000099', unenrolled_by: 'John Doe, john@example.com' },
    });
    expect(un.json()).toEqual({ status: 'success', successMessage: 'successfully unenrolled from avvance' });
    const pa = await sb.call('POST', '/poslp/services/pre-approval/v1/create', {
      body: { merchantID: MID },
      headers: { 'session-id': 'widget-session-1' },
    });
    const lead = await sb.app.inject({
      method: 'POST',
      url: `/sandbox/v1/preapprovals/${pa.json().preApprovalRequestID}/submit`,
      payload: PRE_APPROVAL_SUBMIT,
    });
    expect(lead.json()).toMatchObject({
      leadstatus: 'PRE_APPROVED',
      maxPreApprovedAmount: 8500,
      leadExpiryDate: '2024-05-25T12:00:00.000+0000',
    });
    await sb.core.webhooks.whenIdle();
    const bodies = rx.received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.eventName)).toEqual([
      'AVVANCE_MERCHANT_ACTIVITY',
      'AVVANCE_MERCHANT_ACTIVITY',
      'PRE_APPROVAL_LEADS',
    ]);
    expect(bodies[0].eventDetails).toEqual({ merchantId: '8025000099', eventStatus: 'MERCHANT_ACTIVATION' });
    expect(bodies[1].eventDetails.eventStatus).toBe('MERCHANT_DEACTIVATION');
    expect(bodies[2].eventDetails).toMatchObject({
      mid: MID,
      leadstatus: 'PRE_APPROVED',
      customerName: 'Joe Dow',
      metadata: [{ key: 'maxPreApprovedAmount', value: '8500' }],
    });
    expect(rx.received[2]!.headers['session-id']).toBe('widget-session-1');
  });
});
