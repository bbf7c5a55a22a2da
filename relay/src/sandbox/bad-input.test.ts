import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { BASIC, buildSandbox, MID, type TestSandbox } from './__tests__/helpers.ts';
import { parseFaultSpec } from './faults.ts';
import { sandboxPlugin } from './plugin.ts';

const CREATE = '/poslp/services/avvance-loan/v1/create';
let sb: TestSandbox;
beforeEach(async () => {
  sb = await buildSandbox({ limits: { bodyLimit: 2048 } });
});
afterEach(async () => {
  await sb.close();
});

const raw = async (payload: string, contentType = 'application/json', extra: Record<string, string> = {}) =>
  sb.app.inject({
    method: 'POST',
    url: CREATE,
    headers: {
      authorization: `Bearer ${await sb.token()}`,
      'correlation-id': randomUUID(),
      'partner-id': 'partner-org-name',
      'content-type': contentType,
      ...extra,
    },
    payload,
  });

describe('bad input → documented 4xx envelope, never 500', () => {
  it('malformed JSON → 400.44010.4000', async () => {
    const res = await raw('{"partnerSessionId": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: '400.44010.4000', message: 'Malformed JSON body' });
  });

  it('empty body → 4100; unsupported content type and oversized body → 400.44010.4000', async () => {
    expect((await raw('')).json().error.code).toBe('400.44010.4100');
    const text = await raw('hello', 'text/plain');
    expect(text.json().error).toMatchObject({ code: '400.44010.4000', message: 'Unsupported Content-Type' });
    const big = await raw(
      JSON.stringify({
        partnerSessionId: 'x',
        merchantId: MID,
        invoiceAmount: '500',
        purchaseDescription: 'x'.repeat(5000),
      }),
    );
    expect(big.statusCode).toBe(400);
    expect(big.json().error).toMatchObject({ code: '400.44010.4000', message: 'Request body too large' });
  });

  it('missing field → 4100, wrong format → 4103, too long → 4101, wrong value → 4111, with attribute names', async () => {
    const missing = await sb.call('POST', CREATE, {
      body: { partnerSessionId: randomUUID(), invoiceAmount: '500' },
    });
    expect(missing.json().error).toMatchObject({
      code: '400.44010.4100',
      details: [{ attributeName: 'merchantId' }],
    });
    const nested = await sb.call('POST', CREATE, {
      body: {
        partnerSessionId: randomUUID(),
        merchantId: MID,
        invoiceAmount: '500',
        consumer: { mobilePhone: '12' },
      },
    });
    expect(nested.json().error).toMatchObject({
      code: '400.44010.4103',
      details: [{ attributeName: 'consumer.mobilePhone' }],
    });
    const type = await sb.call('POST', CREATE, {
      body: { partnerSessionId: randomUUID(), merchantId: MID, invoiceAmount: { value: 5 } },
    });
    expect(type.json().error.code).toBe('400.44010.4103');
    const long = await sb.call('POST', CREATE, {
      body: { partnerSessionId: 'x'.repeat(65), merchantId: MID, invoiceAmount: '500' },
    });
    expect(long.json().error).toMatchObject({
      code: '400.44010.4101',
      details: [{ attributeName: 'partnerSessionId' }],
    });
    const value = await sb.app.inject({
      method: 'POST',
      url: '/sandbox/v1/settlement/run',
      payload: { merchantId: MID, extra: 1 },
    });
    expect(value.statusCode).toBe(200);
    const refund = await sb.call('POST', '/poslp/services/avvance-loan/v1/refund', {
      body: { merchantId: MID, partnerSessionId: 'x', refundAmount: -5 },
    });
    expect(refund.json().error).toMatchObject({
      code: '400.44010.4111',
      details: [{ attributeName: 'refundAmount' }],
    });
  });

  it('headers: Correlation-ID missing → 4106, not a UUID → 4103; merchant header spellings; X-Client-IP', async () => {
    const noCorr = await sb.call('POST', CREATE, { body: {}, headers: { 'correlation-id': undefined } });
    expect(noCorr.json().error).toMatchObject({
      code: '400.44010.4106',
      details: [{ attributeName: 'Correlation-ID' }],
    });
    expect(noCorr.headers['correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const badCorr = await sb.call('POST', CREATE, { body: {}, headers: { 'correlation-id': 'abc' } });
    expect(badCorr.json().error).toMatchObject({
      code: '400.44010.4103',
      details: [{ attributeName: 'Correlation-ID' }],
    });
    const corr = randomUUID();
    const echoed = await sb.call('GET', '/poslp/services/avvance-loan/v1/preapproval/link', {
      headers: { 'correlation-id': corr },
    });
    expect(echoed.headers['correlation-id']).toBe(corr);
    const noPartner = await sb.call('GET', '/poslp/services/avvance-loan/v1/preapproval/link', {
      headers: { 'partner-id': undefined },
    });
    expect(noPartner.json().error).toMatchObject({
      code: '400.44010.4106',
      details: [{ attributeName: 'partner-ID' }],
    });
    const wrongPartner = await sb.call('GET', '/poslp/services/avvance-loan/v1/preapproval/link', {
      headers: { 'partner-id': 'CONVERGE' },
    });
    expect(wrongPartner.statusCode).toBe(401);
    for (const name of ['merchantId', 'merchant-Id', 'Merchant-ID', 'Identifier']) {
      const res = await sb.call('GET', '/poslp/services/avvance-loan/v1/products', {
        headers: { 'merchant-id': undefined, [name]: MID },
      });
      expect(res.statusCode, name).toBe(200);
    }
    const noMid = await sb.call('GET', '/poslp/services/avvance-loan/v1/products', {
      headers: { 'merchant-id': undefined },
    });
    expect(noMid.json().error).toMatchObject({
      code: '400.44010.4106',
      details: [{ attributeName: 'Identifier' }],
    });
    const enroll = { merchantId: MID, firstName: 'J', lastName: 'D', applicantEmail: 'j@example.com' };
    const noIp = await sb.call('POST', '/poslp/services/partner/enroll-merchant', { body: enroll });
    expect(noIp.json().error.details[0].attributeName).toBe('X-Client-IP');
    const badIp = await sb.call('POST', '/poslp/services/partner/enroll-merchant', {
      body: enroll,
      headers: { 'x-client-ip': 'nope' },
    });
    expect(badIp.json().error.code).toBe('400.44010.4103');
  });

  it('bearer tokens expire after 899 s', async () => {
    const token = await sb.token();
    sb.clock.advance(898_000);
    expect(
      (
        await sb.call('GET', '/poslp/services/avvance-loan/v1/preapproval/link', {
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(200);
    sb.clock.advance(2_000);
    const expired = await sb.call('GET', '/poslp/services/avvance-loan/v1/preapproval/link', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(expired.json().error.code).toBe('401.44010.4010');
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer/);
    const garbled = await sb.app.inject({
      method: 'POST',
      url: '/auth/oauth2/v1/token',
      headers: { authorization: 'Basic !!!', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    expect(garbled.json()).toEqual({ error: { code: '401', message: 'invalid_client' } });
    const json = await sb.app.inject({
      method: 'POST',
      url: '/auth/oauth2/v1/token',
      headers: { authorization: BASIC, 'content-type': 'application/json' },
      payload: '{bad',
    });
    expect(json.json()).toEqual({ error: { code: '400', message: 'invalid_request' } });
  });

  it('unknown paths → 404.44010.4040, wrong methods → 405.44010.4050 with Allow', async () => {
    const nf = await sb.app.inject({ method: 'GET', url: '/poslp/services/avvance-loan/v1/nothing?token=x' });
    expect(nf.json().error).toMatchObject({
      code: '404.44010.4040',
      message: 'No resource at GET /poslp/services/avvance-loan/v1/nothing',
    });
    const sandboxNf = await sb.app.inject({ method: 'GET', url: '/sandbox/v1/nothing' });
    expect(sandboxNf.statusCode).toBe(404);
    const wrong = await sb.app.inject({ method: 'GET', url: '/sandbox/v1/settlement/run' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    const products = await sb.app.inject({
      method: 'DELETE',
      url: '/poslp/services/avvance-loan/v1/products',
    });
    expect(products.headers.allow).toBe('GET, PUT');
  });
});

describe('fault injection', () => {
  const link = (fault: string) =>
    sb.call('GET', '/poslp/services/avvance-loan/v1/preapproval/link', {
      headers: { 'x-sandbox-fault': fault },
    });

  it('status, latency and malformed-json', async () => {
    const s503 = await link('status=503');
    expect(s503.statusCode).toBe(503);
    expect(s503.headers['retry-after']).toBe('1');
    expect(s503.json().error.code).toBe('503.44010.5030');
    const s502 = await link('status=502');
    expect(s502.json().error.code).toBe('502.44010.5020');
    expect((await link('status=418')).json().error.code).toBe('418.44010.4180');
    const started = performance.now();
    const slow = await link('latency=30,status=500');
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(slow.json().error.code).toBe('500.44010.50010');
    const broken = await link('malformed-json');
    expect(broken.statusCode).toBe(200);
    expect(() => JSON.parse(broken.body)).toThrow();
    const bad = await link('explode');
    expect(bad.json().error).toMatchObject({
      code: '400.44010.4103',
      details: [{ attributeName: 'X-Sandbox-Fault' }],
    });
    const token = await sb.app.inject({
      method: 'POST',
      url: '/auth/oauth2/v1/token',
      headers: { authorization: BASIC, 'x-sandbox-fault': 'status=500' },
    });
    expect(token.json()).toEqual({ error: { code: '500', message: 'server_error' } });
  });

  it('parses the grammar', () => {
    expect(parseFaultSpec('latency=200; status=503')).toEqual({
      ok: true,
      fault: { latencyMs: 200, status: 503 },
    });
    expect(parseFaultSpec('timeout,reset,malformed-json')).toEqual({
      ok: true,
      fault: { timeout: true, reset: true, malformedJson: true },
    });
    for (const bad of ['', 'latency=-1', 'latency=999999', 'status=200', 'timeout=1', 'nope'])
      expect(parseFaultSpec(bad).ok, bad).toBe(false);
  });

  it('is ignored when disabled; `always` applies to every call', async () => {
    await sb.close();
    sb = await buildSandbox({ faults: { enabled: false } });
    expect((await link('status=503')).statusCode).toBe(200);
    await sb.close();
    sb = await buildSandbox({ faults: { always: 'status=429' } });
    const res = await sb.call('POST', '/poslp/services/avvance-loan/v1/price-breakdown', {
      body: { merchantId: MID, amount: 500 },
    });
    expect(res.statusCode).toBe(429);
  });

  it('reset and timeout drop the connection (real socket)', async () => {
    const app = Fastify();
    await app.register(sandboxPlugin, { faults: { timeoutMs: 50 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      for (const fault of ['reset', 'timeout']) {
        await expect(
          fetch(`${base}/auth/oauth2/v1/token`, {
            method: 'POST',
            headers: { authorization: BASIC, 'x-sandbox-fault': fault },
          }),
        ).rejects.toThrow();
      }
      // A held request is released when the app closes.
      const held = fetch(`${base}/auth/oauth2/v1/token`, {
        method: 'POST',
        headers: { 'x-sandbox-fault': 'timeout,latency=10' },
      }).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 30));
      await app.close();
      expect(await held).toBeInstanceOf(Error);
    } finally {
      await app.close();
    }
  });
});

describe('relay integration', () => {
  it('build() registers the sandbox at the root, beside the relay routes', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/auth/oauth2/v1/token',
      headers: {
        authorization: BASIC,
        'content-type': 'application/x-www-form-urlencoded',
        host: '127.0.0.1:8787',
      },
      payload: 'grant_type=client_credentials',
    });
    expect(res.json()).toMatchObject({ tokenType: 'BearerToken', expiresIn: '899' });
    expect(res.json().accessToken.split('.')).toHaveLength(3);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/nope' })).json().error.code).toBe('RELAY_ERR_NOT_FOUND');
    await app.close();
  });
});
