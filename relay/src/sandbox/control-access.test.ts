import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSandbox, PARTNER, type TestSandbox } from './__tests__/helpers.ts';

const REMOTE = '203.0.113.7';
let sb: TestSandbox;
beforeEach(async () => {
  sb = await buildSandbox();
});
afterEach(async () => {
  await sb.close();
});

const WEBHOOK = `/sandbox/v1/partners/${PARTNER}/webhook`;
const config = { url: 'http://127.0.0.1:9/hook', auth: { type: 'bearer', token: 't' } };

describe('sandbox control plane: administrative routes answer loopback callers only', () => {
  it('refuses a remote caller planting a webhook URL, with the Avvance envelope and the way out', async () => {
    const res = await sb.app.inject({ method: 'PUT', url: WEBHOOK, payload: config, remoteAddress: REMOTE });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toContain('/v1/replay');
    expect(sb.core.store.partner(PARTNER)?.webhook).toBeUndefined();
  });

  it.each([
    ['GET', WEBHOOK],
    ['GET', '/sandbox/v1/webhook-deliveries'],
    ['POST', '/sandbox/v1/webhook-deliveries/d-1/replay'],
    ['POST', '/sandbox/v1/settlement/run'],
    ['POST', '/sandbox/v1/merchants'],
    ['POST', '/sandbox/v1/merchants/435523232323/activate'],
  ] as const)('%s %s from the network → 401', async (method, url) => {
    const res = await sb.app.inject({ method, url, remoteAddress: REMOTE, payload: {} });
    expect(res.statusCode).toBe(401);
  });

  it('lets loopback callers (the relay itself, the demo, a local developer) configure it', async () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const res = await sb.app.inject({ method: 'PUT', url: WEBHOOK, payload: config, remoteAddress });
      expect(res.statusCode, remoteAddress).toBe(200);
    }
  });

  it('keeps the consumer routes the hosted pages call from a browser open to the network', async () => {
    const { guid } = await sb.create();
    const res = await sb.app.inject({
      method: 'POST',
      url: `/sandbox/v1/applications/${guid}/events`,
      payload: { status: 'APPLICATION_LINK_EXPIRED' },
      remoteAddress: REMOTE,
    });
    expect(res.statusCode).toBe(200);
  });
});
