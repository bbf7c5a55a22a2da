import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PartnerConfig } from '../config/types.ts';
import { buildTestRelay, USERS } from '../test-support/relay-test-app.ts';
import { TestClient } from '../test-support/ws-client.ts';
import { webhookSignature } from './webhook-auth.ts';

let relay: Awaited<ReturnType<typeof buildTestRelay>> | undefined;
let backend: Server | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await relay?.app.close();
  relay = undefined;
  await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
  backend = undefined;
});

const DELIVERY = {
  eventName: 'LOAN_STATUS_DETAILS',
  applicationGUID: '7b831e4d-8f2c-4c55-9a4c-4cf1e0f1b0aa',
  partnerSessionId: 'ps-123',
  status: 'APPLICATION_APPROVED',
  consumer: { email: 'ada.lovelace@example.com' },
};
const RAW = JSON.stringify(DELIVERY);
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

async function start(webhook: PartnerConfig['webhook'], extra: Partial<PartnerConfig> = {}) {
  relay = await buildTestRelay({ partners: [{ id: 'partner-a', webhook, ...extra }, { id: 'partner-b' }] });
  return relay;
}

const post = (headers: Record<string, string>, payload: string = RAW, partner = 'partner-a') =>
  relay!.app.inject({
    method: 'POST',
    url: `/v1/webhooks/${partner}`,
    headers: { 'content-type': 'application/json', 'correlation-id': 'corr-1', ...headers },
    payload,
  });

async function subscribeDefault() {
  const res = await relay!.app.inject({
    method: 'GET',
    url: '/v1/sessions/default',
    headers: { authorization: `Bearer ${relay!.token(USERS.ada)}` },
  });
  const id: string = res.json().id;
  const c = await TestClient.connect(relay!.url, id, relay!.token(USERS.ada));
  clients.push(c);
  await c.hello();
  await c.subscribe(id);
  return c;
}

describe('POST /v1/webhooks/:partnerId — auth modes', () => {
  it('basic: right credentials 200, wrong password 401 with WWW-Authenticate', async () => {
    await start({ type: 'basic', username: 'avvance', password: 's3cret' });
    expect((await post({ authorization: basic('avvance', 's3cret') })).json()).toMatchObject({
      received: true,
      duplicate: false,
    });
    const bad = await post({ authorization: basic('avvance', 'nope') }, '{"other":1}');
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toBe('Basic realm="Avvance Webhook"');
    expect(bad.json().error.code).toBe('RELAY_ERR_WEBHOOK_UNAUTHORIZED');
    expect(bad.body).not.toContain('nope');
    expect((await post({}, '{"x":2}')).statusCode).toBe(401);
  });

  it('bearer: Authorization or X-Avvance-Token; wrong token 401', async () => {
    await start({ type: 'bearer', token: 'tok-123' });
    expect((await post({ authorization: 'Bearer tok-123' })).statusCode).toBe(200);
    expect((await post({ 'x-avvance-token': 'tok-123' }, '{"b":1}')).statusCode).toBe(200);
    expect((await post({ authorization: 'Bearer tok-124' }, '{"b":2}')).statusCode).toBe(401);
  });

  it('hmac: good signature 200; bad signature, stale timestamp, missing timestamp 401; replay is a duplicate', async () => {
    await start({ type: 'hmac', secret: 'hmac-secret', toleranceSeconds: 300, timestamped: true });
    const ts = String(Math.floor(Date.now() / 1000));
    const good = {
      'x-avvance-timestamp': ts,
      'x-webhook-signature': webhookSignature('hmac-secret', ts, RAW),
    };
    const ok = await post(good);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ duplicate: false, seq: 1 });
    const replay = await post(good);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ received: true, duplicate: true });
    const wrongSig = { ...good, 'x-webhook-signature': webhookSignature('other', ts, RAW) };
    expect((await post(wrongSig)).statusCode).toBe(401);
    const old = String(Math.floor(Date.now() / 1000) - 301);
    const stale = {
      'x-avvance-timestamp': old,
      'x-webhook-signature': webhookSignature('hmac-secret', old, RAW),
    };
    const staleRes = await post(stale);
    expect(staleRes.statusCode).toBe(401);
    expect(staleRes.json().error.message).toContain('tolerance');
    expect((await post({ 'x-webhook-signature': good['x-webhook-signature'] })).statusCode).toBe(401);
    // The body is part of the signature: one changed byte fails.
    expect((await post(good, RAW.replace('ps-123', 'ps-124'))).statusCode).toBe(401);
  });

  it('hmac with timestamped: false checks the body-only signature the sandbox sends by default', async () => {
    await start({ type: 'hmac', secret: 'hmac-secret', toleranceSeconds: 300, timestamped: false });
    const sig = webhookSignature('hmac-secret', undefined, RAW);
    const ok = await post({ 'x-webhook-signature': sig });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ duplicate: false });
    expect((await post({ 'x-webhook-signature': sig })).json()).toEqual({ received: true, duplicate: true });
    expect((await post({ 'x-webhook-signature': sig }, RAW.replace('ps-123', 'ps-124'))).statusCode).toBe(
      401,
    );
    // A timestamped signature is not accepted in this mode (it signs other bytes).
    const ts = String(Math.floor(Date.now() / 1000));
    const timestamped = {
      'x-avvance-timestamp': ts,
      'x-webhook-signature': webhookSignature('hmac-secret', ts, RAW),
    };
    expect((await post(timestamped, '{"c":3}')).statusCode).toBe(401);
  });

  it('hmac (timestamped) explains a missing timestamp and how to accept body-only signatures', async () => {
    await start({ type: 'hmac', secret: 'hmac-secret', toleranceSeconds: 300, timestamped: true });
    const res = await post({ 'x-webhook-signature': webhookSignature('hmac-secret', undefined, RAW) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toContain('"timestamped": false');
  });

  it('a retried delivery (same Correlation-ID and body) is recognised and not re-broadcast', async () => {
    await start({ type: 'basic', username: 'u', password: 'p' });
    const c = await subscribeDefault();
    expect((await post({ authorization: basic('u', 'p') })).json().duplicate).toBe(false);
    expect((await post({ authorization: basic('u', 'p') })).json().duplicate).toBe(true);
    expect(
      (await post({ authorization: basic('u', 'p'), 'correlation-id': 'corr-2' })).json().duplicate,
    ).toBe(false);
    expect((await c.next('event')).seq).toBe(1);
    expect((await c.next('event')).exchange.request.headers['correlation-id']).toBe('corr-2');
  });
});

describe('POST /v1/webhooks/:partnerId — statuses', () => {
  it('bad JSON 400, unknown partner 404, unconfigured partner 404, non-POST 405', async () => {
    await start({ type: 'basic', username: 'u', password: 'p' });
    const bad = await post({ authorization: basic('u', 'p') }, '{not json');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('RELAY_ERR_WEBHOOK_BAD_JSON');
    expect((await post({}, RAW, 'nobody')).statusCode).toBe(404);
    expect((await post({}, RAW, 'partner-b')).json().error.code).toBe('RELAY_ERR_WEBHOOK_NOT_CONFIGURED');
    const get = await relay!.app.inject({ method: 'GET', url: '/v1/webhooks/partner-a' });
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });
});

describe('POST /v1/webhooks/:partnerId — broadcast and forward', () => {
  it('publishes the masked delivery into the partner default session', async () => {
    await start({ type: 'basic', username: 'u', password: 'p' });
    const c = await subscribeDefault();
    expect((await post({ authorization: basic('u', 'p') })).statusCode).toBe(200);
    const e = await c.next('event');
    expect(e.exchange.source).toBe('webhook');
    expect(e.exchange.response?.status).toBe(200);
    const text = JSON.stringify(e.exchange);
    expect(text).not.toContain('ada.lovelace@example.com');
    expect(text).not.toContain(Buffer.from('u:p').toString('base64'));
    expect(text).toContain(DELIVERY.applicationGUID);
    expect(text).toContain('ps-123');
  });

  it('forwards the raw delivery with the original headers and publishes the result', async () => {
    const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
    backend = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => backend!.listen(0, '127.0.0.1', resolve));
    const port = (backend.address() as AddressInfo).port;
    await start(
      { type: 'hmac', secret: 's', toleranceSeconds: 300, timestamped: true },
      { webhookForwardUrl: `http://127.0.0.1:${port}/avvance/webhooks` },
    );
    const c = await subscribeDefault();
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = webhookSignature('s', ts, RAW);
    expect((await post({ 'x-avvance-timestamp': ts, 'x-webhook-signature': sig })).statusCode).toBe(200);
    const delivery = await c.next('event');
    const forward = await c.next('event');
    expect(forward.exchange.replayOf).toBe(delivery.exchange.id);
    expect(JSON.stringify(delivery.exchange)).not.toContain(sig.slice('sha256='.length));
    expect(JSON.stringify(forward.exchange)).not.toContain(sig.slice('sha256='.length));
    expect(forward.exchange.response).toMatchObject({ status: 202, body: { ok: true } });
    expect(forward.exchange.request.url).toBe(`http://127.0.0.1:${port}/avvance/webhooks`);
    expect(seen[0]!.body).toBe(RAW);
    expect(seen[0]!.headers['x-webhook-signature']).toBe(sig);
    expect(seen[0]!.headers['correlation-id']).toBe('corr-1');
  });

  it('reports a failed forward in the timeline, never as a 5xx to Avvance', async () => {
    backend = createServer();
    await new Promise<void>((resolve) => backend!.listen(0, '127.0.0.1', resolve));
    const port = (backend.address() as AddressInfo).port;
    await new Promise<void>((resolve) => backend!.close(() => resolve()));
    backend = undefined;
    await start({ type: 'bearer', token: 't' }, { webhookForwardUrl: `http://127.0.0.1:${port}/down` });
    const c = await subscribeDefault();
    expect((await post({ authorization: 'Bearer t' })).statusCode).toBe(200);
    await c.next('event');
    const forward = await c.next('event');
    expect(forward.exchange.response?.status).toBe(0);
    expect(forward.exchange.response?.error).toMatch(/forward to the local backend failed: network error/);
  });
});
