/**
 * End to end over loopback, as docs/relay.md describes the two paths of server-side traffic into a team
 * session: (1) the embedded sandbox's partner webhook (S6) pointed at the relay's own
 * `/v1/webhooks/partner-org-name` with the default HTTP Basic credentials; (2) the demo store's backend
 * with its Avvance base URL on the pass-through and the relay API key as its client secret. A real `ws`
 * subscriber on the partner's default session sees both, masked.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTED_SUBMIT } from '../../../shared/src/openapi/examples/sandbox.ts';
import type { ServerMessage } from '../../../shared/src/protocol/server-messages.ts';
import { fallbackConfig } from '../app.ts';
import { DEFAULT_LOCAL_API_KEY, DEFAULT_WEBHOOK_BASIC } from '../config/defaults.ts';
import { type RunningDemoStore, startDemoStore } from '../demo/server.ts';
import { DEFAULT_SANDBOX_PARTNER } from '../sandbox/credentials.ts';
import { type RunningRelay, startServer } from '../server.ts';
import { TestClient } from '../test-support/ws-client.ts';

type EventFrame = Extract<ServerMessage, { type: 'event' }>;

const PARTNER = DEFAULT_SANDBOX_PARTNER.partnerId;
const MID = DEFAULT_SANDBOX_PARTNER.merchantIds[0] ?? '435523232323';

let relay: RunningRelay;
let client: TestClient;
const stores: RunningDemoStore[] = [];

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Waits until the subscriber has received events matching `predicate` (at least `count`). */
async function eventsMatching(
  predicate: (e: EventFrame) => boolean,
  count: number,
  timeoutMs = 15_000,
): Promise<EventFrame[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = client.received.filter((m): m is EventFrame => m.type === 'event' && predicate(m));
    if (found.length >= count) return found;
    if (Date.now() > deadline) {
      const seen = client.received.map((m) =>
        m.type === 'event'
          ? `${m.exchange.source} ${m.exchange.request.url} ${JSON.stringify(m.exchange.request.body).slice(0, 200)}`
          : m.type,
      );
      throw new Error(`timed out: ${found.length}/${count} matching events; received:\n${seen.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface LoanStatusBody {
  eventName?: string;
  eventDetails?: { applicationGUID?: string; loanStatus?: { status?: string } };
}
const detailsOf = (e: EventFrame) => (e.exchange.request.body as LoanStatusBody | undefined)?.eventDetails;
const statusOf = (e: EventFrame) => detailsOf(e)?.loanStatus?.status;

beforeAll(async () => {
  relay = await startServer({
    port: 0,
    host: '127.0.0.1',
    log: false,
    printNotices: false,
    config: fallbackConfig(),
  });
  const { accessToken } = await json<{ accessToken: string }>(
    await fetch(`${relay.url}/v1/auth/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'E2E' }),
    }),
  );
  const session = await json<{ id: string }>(
    await fetch(`${relay.url}/v1/sessions/default`, { headers: { authorization: `Bearer ${accessToken}` } }),
  );
  client = await TestClient.connect(relay.url, session.id, accessToken);
  await client.hello();
  await client.subscribe(session.id);
});

afterAll(async () => {
  await client?.close();
  for (const store of stores) await store.app.close();
  await relay?.app.close();
});

describe('sandbox → relay webhooks → team session', () => {
  it('delivers APPLICATION_STARTED, APPROVED and AUTHORIZED masked, joined by applicationGUID', async () => {
    const base = relay.url;
    // S6: point the partner's webhook at the relay itself, with the relay's default local Basic credentials.
    await json(
      await fetch(`${base}/sandbox/v1/partners/${PARTNER}/webhook`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `${base}/v1/webhooks/${PARTNER}`,
          auth: { type: 'basic', ...DEFAULT_WEBHOOK_BASIC },
        }),
      }),
    );

    const basic = Buffer.from(`${DEFAULT_SANDBOX_PARTNER.clientKey}:${DEFAULT_SANDBOX_PARTNER.clientSecret}`);
    const { accessToken } = await json<{ accessToken: string }>(
      await fetch(`${base}/auth/oauth2/v1/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic.toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      }),
    );
    const created = await json<{ applicationGUID: string; consumerOnboardingURL: string }>(
      await fetch(`${base}/poslp/services/avvance-loan/v1/create`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          'correlation-id': randomUUID(),
          'partner-id': PARTNER,
        },
        body: JSON.stringify({
          partnerSessionId: randomUUID(),
          merchantId: MID,
          invoiceAmount: '1240',
          consumer: {
            firstName: 'Joe',
            lastName: 'Dow',
            email: 'joe@example.com',
            mobilePhone: '9009009000',
          },
        }),
      }),
    );
    const guid = created.applicationGUID;
    // S1 (opening the hosted page) → APPLICATION_STARTED; S2 (approve persona) → APPROVED; S3 → AUTHORIZED.
    expect((await fetch(created.consumerOnboardingURL)).status).toBe(200);
    await json(
      await fetch(`${base}/sandbox/v1/applications/${guid}/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(HOSTED_SUBMIT),
      }),
    );
    await json(await fetch(`${base}/sandbox/v1/applications/${guid}/accept`, { method: 'POST' }));

    const wanted = ['APPLICATION_STARTED', 'APPLICATION_APPROVED', 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED'];
    const events = await eventsMatching(
      (e) =>
        e.exchange.source === 'webhook' &&
        detailsOf(e)?.applicationGUID === guid &&
        wanted.includes(String(statusOf(e))),
      3,
    );
    expect(events.map(statusOf)).toEqual(wanted);
    for (const e of events) {
      expect(e.exchange.masked).toBe(true);
      expect(e.exchange.response?.status).toBe(200);
      expect(e.exchange.request.url).toContain(`/v1/webhooks/${PARTNER}`);
      const text = JSON.stringify(e);
      expect(text).not.toContain(DEFAULT_WEBHOOK_BASIC.password);
      expect(text).not.toContain(Buffer.from(`${DEFAULT_WEBHOOK_BASIC.username}:`).toString('base64'));
    }
  });
});

describe('demo store backend → pass-through → team session', () => {
  it('creates an application through /v1/proxy/sandbox with the relay API key as client secret', async () => {
    const store = await startDemoStore({
      host: '127.0.0.1',
      port: 0,
      avvanceBaseUrl: `${relay.url}/v1/proxy/sandbox`,
      sandboxControlUrl: relay.url,
      clientSecret: DEFAULT_LOCAL_API_KEY,
      registerWebhook: false,
    });
    stores.push(store);
    const res = await fetch(`${store.url}/api/avvance/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        lines: [{ sku: 'NW-EBIKE-TRAIL', quantity: 1 }],
        consumer: {
          firstName: 'Jordan',
          lastName: 'Rivera',
          email: 'jordan.rivera@example.com',
          mobilePhone: '900-900-9000',
          billingAddress: {
            street1: '400 Nicollet Mall',
            city: 'Minneapolis',
            state: 'mn',
            postalCode: '55401',
          },
        },
      }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(201);
    const { applicationGUID } = JSON.parse(text) as { applicationGUID: string };

    const [create] = await eventsMatching(
      (e) => e.exchange.source === 'proxy' && e.exchange.request.url.includes('/avvance-loan/v1/create'),
      1,
    );
    expect(create!.exchange.masked).toBe(true);
    expect(create!.exchange.response?.status).toBe(201);
    expect(JSON.stringify(create!.exchange.response?.body)).toContain(applicationGUID);
    // The consumer's e-mail is masked; the relay key and the partner secret never appear.
    const all = JSON.stringify(client.received);
    expect(all).not.toContain('jordan.rivera@example.com');
    expect(all).not.toContain(DEFAULT_LOCAL_API_KEY);
    expect(all).not.toContain(DEFAULT_SANDBOX_PARTNER.clientSecret);
    // The token call was answered by the relay itself (no Avvance secret in the demo backend).
    expect(store.client.tokenRequests).toBe(1);

    // Upstream latency is observed for the pass-through call and for the partner-token call behind it.
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(
      /relay_upstream_duration_seconds_count\{environment="sandbox",source="proxy",status="201"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /relay_upstream_duration_seconds_count\{environment="sandbox",source="token",status="200"\} [1-9]/,
    );
  });
});
