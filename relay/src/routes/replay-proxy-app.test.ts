/**
 * Replay and the pass-through in the real relay (`build()` with the default local-mode config, embedded
 * sandbox over loopback), as docs/relay.md walks through them.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build } from '../app.ts';
import { DEFAULT_LOCAL_API_KEY } from '../config/defaults.ts';
import { defaultConfig } from '../config/load-config.ts';
import { DEFAULT_SANDBOX_PARTNER } from '../sandbox/credentials.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start() {
  const logs: string[] = [];
  const config = defaultConfig();
  // Load shedding off: a loaded CI machine must not turn these functional checks into 503s.
  config.limits = { ...config.limits, maxEventLoopDelayMs: 0 };
  app = await build({ config, logger: { level: 'debug', stream: { write: (l: string) => logs.push(l) } } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const publish = vi.spyOn(app.sessions, 'publish');
  return { url, logs, publish };
}

describe('replay and pass-through in the built relay', () => {
  it('replays a create with a local-mode token', async () => {
    const { url, logs, publish } = await start();
    const login = (await (
      await fetch(`${url}/v1/auth/local`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { accessToken: string };
    const res = await fetch(`${url}/v1/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'POST',
        path: '/poslp/services/avvance-loan/v1/create',
        headers: { 'Content-Type': 'application/json' },
        body: { partnerSessionId: crypto.randomUUID(), merchantId: '435523232323', invoiceAmount: '340' },
        replayOf: 'x1',
      }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(JSON.parse(text).exchange.response.status).toBe(201);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish.mock.calls[0]![2].masked).toBe(true);
    const all = [text, ...logs].join('\n');
    expect(all).not.toContain(DEFAULT_SANDBOX_PARTNER.clientSecret);
  });

  it('serves an unchanged backend through the pass-through with the relay key as its secret', async () => {
    const { url, logs } = await start();
    const basic = Buffer.from(`any:${DEFAULT_LOCAL_API_KEY}`).toString('base64');
    const tokenRes = await fetch(`${url}/v1/proxy/sandbox/auth/oauth2/v1/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(tokenRes.status).toBe(200);
    const { accessToken } = (await tokenRes.json()) as { accessToken: string };
    const res = await fetch(`${url}/v1/proxy/sandbox/poslp/services/avvance-loan/v1/create`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        'partner-ID': DEFAULT_SANDBOX_PARTNER.partnerId,
        'Correlation-ID': crypto.randomUUID(),
      },
      body: JSON.stringify({
        partnerSessionId: crypto.randomUUID(),
        merchantId: '435523232323',
        invoiceAmount: '340',
      }),
    });
    expect(res.status).toBe(201);
    await res.text();
    const all = logs.join('\n');
    expect(all).not.toContain(DEFAULT_SANDBOX_PARTNER.clientSecret);
    expect(all).not.toContain(accessToken);
  });
});
