/**
 * Canary secrets (partner client key/secret, the upstream-issued partner token, relay API key, webhook
 * password, JWT secret) never leave the relay: not in HTTP responses, WebSocket frames (a real `ws`
 * subscriber), pino lines, /metrics, a masked HAR export or a masked cURL snippet, nor error messages —
 * even when the upstream misbehaves and echoes what it was sent.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../relay/src/test-support/ws-client.ts';
import { exportHar } from '../../shared/src/har/index.ts';
import { createMaskSalt } from '../../shared/src/mask/index.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { toCurl } from '../../shared/src/snippet/index.ts';
import {
  ALL_CANARIES,
  answerToken,
  CANARY,
  CANARY_EXTRA,
  closedPort,
  environment,
  MERCHANT_ID,
  postJson,
  startHttpServer,
  startWorkbench,
  type TestServer,
  type Workbench,
  waitFor,
} from './support/workbench.ts';

let relay: Workbench;
let leaky: TestServer;
let badToken: TestServer;
let token: string;
let ws: TestClient;
/** Every response body and header block the callers saw. */
const seen: string[] = [];

function leaks(text: string): string[] {
  return ALL_CANARIES.filter((c) => text.includes(c));
}

beforeAll(async () => {
  // An upstream that echoes everything it receives (headers and body) in its body and headers.
  leaky = await startHttpServer((req, res) => {
    if (req.url === '/auth/oauth2/v1/token') return answerToken(res, CANARY_EXTRA.upstreamToken);
    const auth = String(req.headers.authorization ?? '');
    res
      .writeHead(req.url?.includes('fail') ? 500 : 200, {
        'content-type': 'application/json',
        'x-echo-authorization': auth,
      })
      .end(JSON.stringify({ echoed: auth, token: CANARY_EXTRA.upstreamToken, headers: req.headers }));
  });
  // A token endpoint that refuses and echoes the credentials it got.
  badToken = await startHttpServer((req, res) => {
    res
      .writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': String(req.headers.authorization),
      })
      .end(
        JSON.stringify({
          error: 'invalid_client',
          got: req.headers.authorization,
          secret: CANARY.clientSecret,
        }),
      );
  });
  const dead = await closedPort();
  relay = await startWorkbench({
    environments: [
      environment('leaky', leaky.url),
      environment('badtoken', badToken.url),
      environment('dead', `http://127.0.0.1:${dead}`, { timeoutMs: 500 }),
    ],
  });
  token = await relay.token();
  const info = await fetch(`${relay.url}/v1/sessions/default`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { id } = (await info.json()) as { id: string };
  ws = await TestClient.connect(relay.url, id, token);
  await ws.hello();
  await ws.subscribe(id);
});

afterAll(async () => {
  ws?.ws.terminate();
  await relay?.close();
  await leaky?.close();
  await badToken?.close();
});

async function record(res: Response): Promise<{ status: number; text: string }> {
  const text = await res.text();
  seen.push(`${res.status} ${JSON.stringify([...res.headers])}\n${text}`);
  return { status: res.status, text };
}

const bearer = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

describe('canary secrets never leave the relay', () => {
  it('replay against the embedded sandbox and an echoing upstream', async () => {
    const create = await record(
      await fetch(`${relay.url}/v1/replay`, {
        method: 'POST',
        headers: bearer(),
        body: JSON.stringify({
          environment: 'sandbox',
          method: 'POST',
          path: '/poslp/services/avvance-loan/v1/create',
          headers: { 'Content-Type': 'application/json' },
          body: { partnerSessionId: crypto.randomUUID(), merchantId: MERCHANT_ID, invoiceAmount: '340' },
        }),
      }),
    );
    expect(create.status, create.text).toBe(200);
    for (const path of ['/poslp/echo', '/poslp/fail']) {
      const res = await record(
        await fetch(`${relay.url}/v1/replay`, {
          method: 'POST',
          headers: bearer(),
          body: JSON.stringify({ environment: 'leaky', method: 'GET', path }),
        }),
      );
      expect(res.status, res.text).toBe(200);
    }
  });

  it('the pass-through: key auth, relay-minted tokens, the real credentials as Basic', async () => {
    for (const basic of [`any:${CANARY.apiKey}`, `${CANARY.clientKey}:${CANARY.clientSecret}`]) {
      const tok = await record(
        await fetch(`${relay.url}/v1/proxy/sandbox/auth/oauth2/v1/token`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(basic).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials',
        }),
      );
      expect(tok.status, tok.text).toBe(200);
      const { accessToken } = JSON.parse(tok.text) as { accessToken: string };
      expect(accessToken).toMatch(/^rly_pt_/);
      const products = await record(
        await fetch(`${relay.url}/v1/proxy/sandbox/poslp/services/avvance-loan/v1/products`, {
          headers: {
            authorization: `Bearer ${accessToken}`,
            'partner-ID': CANARY.partnerId,
            Identifier: MERCHANT_ID,
          },
        }),
      );
      expect(products.status).toBeLessThan(500);
    }
    // The pass-through to an echoing upstream: the published copy and logs are checked below.
    await fetch(`${relay.url}/v1/proxy/leaky/poslp/echo`, { headers: { 'x-relay-key': CANARY.apiKey } }).then(
      (r) => r.arrayBuffer(),
    );
  });

  it('error paths: token refused, upstream unreachable, wrong keys that are secrets', async () => {
    const refused = await record(
      await fetch(`${relay.url}/v1/replay`, {
        method: 'POST',
        headers: bearer(),
        body: JSON.stringify({ environment: 'badtoken', method: 'GET', path: '/poslp/x' }),
      }),
    );
    expect(refused.status).toBe(502);
    expect(refused.text).toContain('RELAY_ERR_UPSTREAM_TOKEN_FAILED');
    const unreachable = await record(
      await fetch(`${relay.url}/v1/replay`, {
        method: 'POST',
        headers: bearer(),
        body: JSON.stringify({ environment: 'dead', method: 'GET', path: '/poslp/x' }),
      }),
    );
    expect(unreachable.status).toBe(502);
    const viaProxy = await record(
      await fetch(`${relay.url}/v1/proxy/badtoken/poslp/x`, { headers: { 'x-relay-key': CANARY.apiKey } }),
    );
    expect(viaProxy.status).toBe(502);
    // The partner's Avvance secret is not a relay key: refused, and not echoed.
    const wrongKey = await record(
      await fetch(`${relay.url}/v1/proxy/sandbox/poslp/x`, {
        headers: { 'x-relay-key': CANARY.clientSecret },
      }),
    );
    expect(wrongKey.status).toBe(401);
    const wrongBasic = await record(
      await fetch(`${relay.url}/v1/proxy/sandbox/auth/oauth2/v1/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${CANARY.clientKey}:nope`).toString('base64')}` },
      }),
    );
    expect(wrongBasic.status).toBe(401);
    const forged = await record(
      await fetch(`${relay.url}/v1/auth/me`, {
        headers: { authorization: `Bearer ${CANARY_EXTRA.jwtSecret}` },
      }),
    );
    expect(forged.status).toBe(401);
  });

  it('webhooks: the Basic password is checked, never stored or broadcast', async () => {
    const auth = `Basic ${Buffer.from(`${CANARY_EXTRA.webhookUser}:${CANARY_EXTRA.webhookPassword}`).toString('base64')}`;
    const res = await postJson(
      `${relay.url}/v1/webhooks/${CANARY.partnerId}`,
      {
        eventName: 'APPLICATION_APPROVED',
        notificationId: crypto.randomUUID(),
        applicationGUID: crypto.randomUUID(),
      },
      { authorization: auth },
    );
    seen.push(res.text);
    expect(res.status).toBeLessThan(300);
    const bad = await postJson(
      `${relay.url}/v1/webhooks/${CANARY.partnerId}`,
      {},
      {
        authorization: `Basic ${Buffer.from(`${CANARY_EXTRA.webhookUser}:${CANARY.clientSecret}`).toString('base64')}`,
      },
    );
    seen.push(bad.text);
    expect(bad.status).toBe(401);
  });

  it('nothing in any response, WS frame, log line or /metrics', async () => {
    // Published exchanges: sandbox create, 2 leaky replays, the pass-through calls, the webhook.
    await waitFor(() => ws.received.filter((m) => m.type === 'event').length >= 5);
    const frames = JSON.stringify(ws.received);
    const metrics = await record(await fetch(`${relay.url}/metrics`));
    expect(metrics.text).toContain('relay_upstream_duration_seconds');
    expect({ responses: leaks(seen.join('\n')) }).toEqual({ responses: [] });
    expect({ frames: leaks(frames) }).toEqual({ frames: [] });
    expect(relay.logs.length).toBeGreaterThan(20);
    const badLines = relay.logs.filter((l) => leaks(l).length > 0);
    expect(badLines.map((l) => l.slice(0, 400))).toEqual([]);
  });

  it('a masked HAR export and a masked cURL snippet of exchanges carrying the secrets', () => {
    const events = ws.received.flatMap((m) => (m.type === 'event' ? [m.exchange as Exchange] : []));
    const raw: Exchange = {
      ...events[0]!,
      masked: false,
      request: {
        ...events[0]!.request,
        url: `https://${CANARY.clientKey}:${CANARY.clientSecret}@api.example/auth/oauth2/v1/token?client_secret=${CANARY.clientSecret}`,
        headers: {
          authorization: `Basic ${Buffer.from(`${CANARY.clientKey}:${CANARY.clientSecret}`).toString('base64')}`,
          'x-relay-key': CANARY.apiKey,
          cookie: `sid=${CANARY_EXTRA.upstreamToken}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        // `client_id` is kept by design (docs/masking.md): the client key is an identifier, not the secret.
        body: `grant_type=client_credentials&client_secret=${CANARY.clientSecret}`,
      },
      response: {
        ...events[0]!.response!,
        headers: { 'content-type': 'application/json', 'set-cookie': `sid=${CANARY_EXTRA.upstreamToken}` },
        body: { tokenType: 'BearerToken', expiresIn: '899', accessToken: CANARY_EXTRA.upstreamToken },
      },
    };
    const opts = { salt: createMaskSalt() };
    const har = JSON.stringify(exportHar([...events, raw], { mask: opts }).har);
    expect(leaks(har)).toEqual([]);
    const curl = toCurl(raw, { mask: opts });
    expect(leaks(curl)).toEqual([]);
    expect(curl).toContain('curl');
  });
});
