import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationFor, type DemoStack, sandboxCall, startDemoStack } from '../../../test/e2e/demo/stack.ts';
import { waitFor } from '../../../test/e2e/harness/wait.ts';
import { AvvanceClient } from './avvance-client.ts';
import { DEMO_DEFAULTS } from './defaults.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

interface Seen {
  method: string;
  path: string;
  headers: Headers;
  body: string | undefined;
}

/** A `fetch` that records what the demo backend sends to Avvance (the calls still go over HTTP). */
function recordingFetch(seen: Seen[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    seen.push({
      method: init?.method ?? 'GET',
      path: url.pathname,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return fetch(input, init);
  };
}

const CART = { lines: [{ sku: 'NW-EBIKE-TRAIL', quantity: 1 }] };
const CONSUMER = {
  firstName: 'Jordan',
  lastName: 'Rivera',
  email: 'jordan.rivera@example.com',
  mobilePhone: '900-900-9000',
  billingAddress: { street1: '400 Nicollet Mall', city: 'Minneapolis', state: 'mn', postalCode: '55401' },
};

interface OrderJson {
  orderId: string;
  applicationGUID?: string;
  applicationStatus?: string;
  loanStatus?: string;
  view: { label: string; canVoid: boolean; canRefund: boolean; offerOtherPayment: boolean };
  webhooks: Array<{ status?: string; authOk: boolean }>;
  lastError?: { code: string; message: string };
}

describe('demo store ↔ embedded sandbox over loopback', () => {
  let stack: DemoStack;
  const seen: Seen[] = [];
  let clock = Date.now();

  beforeAll(async () => {
    stack = await startDemoStack({ fetch: recordingFetch(seen), now: () => clock });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const demo = (path: string) => `${stack.demo.url}${path}`;
  const json = async <T>(res: Response) => (await res.json()) as T;

  async function checkout(consumer = CONSUMER, cart = CART): Promise<Response> {
    return fetch(demo('/api/avvance/checkout'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...cart, consumer }),
    });
  }

  async function getOrder(id: string): Promise<OrderJson> {
    return json<OrderJson>(await fetch(demo(`/api/avvance/orders/${id}`)));
  }

  /** Checkout → hosted-page submit with the persona → optional accept; returns the order id and GUID. */
  async function journey(ssnLast4: string, accept: boolean): Promise<{ id: string; guid: string }> {
    const res = await checkout();
    expect(res.status).toBe(201);
    const created = await json<{ orderId: string; applicationGUID: string }>(res);
    await sandboxCall(
      stack.relayUrl,
      `/applications/${created.applicationGUID}/submit`,
      applicationFor(ssnLast4),
    );
    if (accept) await sandboxCall(stack.relayUrl, `/applications/${created.applicationGUID}/accept`, {});
    return { id: created.orderId, guid: created.applicationGUID };
  }

  it('caches the OAuth token for expiresIn − 60 s and fetches a new one after', async () => {
    const before = seen.filter((s) => s.path === '/auth/oauth2/v1/token').length;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(demo('/api/avvance/price-breakdown'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(CART),
      });
      expect(res.status).toBe(200);
      const body = await json<{ amount: string; asLowAs: number; offers: unknown[] }>(res);
      expect(body.amount).toBe('1249.00');
      expect(body.offers.length).toBeGreaterThan(0);
      expect(body.asLowAs).toBeGreaterThan(0);
    }
    const tokens = seen.filter((s) => s.path === '/auth/oauth2/v1/token');
    expect(tokens.length - before).toBe(1);
    const token = tokens.at(-1)!;
    expect(token.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${DEMO_DEFAULTS.clientKey}:${DEMO_DEFAULTS.clientSecret}`).toString('base64')}`,
    );
    expect(token.body).toBe('grant_type=client_credentials');

    clock += 840_000; // 899 − 60 = 839 s later: still cached only up to 839 s
    await fetch(demo('/api/avvance/price-breakdown'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CART),
    });
    expect(seen.filter((s) => s.path === '/auth/oauth2/v1/token').length).toBe(tokens.length + 1);
  });

  it('shares one token request between concurrent calls and retries once after a 401', async () => {
    let tokenCalls = 0;
    let served401 = false;
    const client = new AvvanceClient({
      baseUrl: stack.relayUrl,
      partnerId: DEMO_DEFAULTS.partnerId,
      merchantId: DEMO_DEFAULTS.merchantId,
      clientKey: DEMO_DEFAULTS.clientKey,
      clientSecret: DEMO_DEFAULTS.clientSecret,
      fetch: async (input, init) => {
        const path = new URL(String(input)).pathname;
        if (path.endsWith('/token')) tokenCalls++;
        if (path.endsWith('/price-breakdown') && !served401) {
          served401 = true;
          // Present a token the sandbox does not know: a real 401 from the sandbox.
          const headers = new Headers(init?.headers);
          headers.set('Authorization', 'Bearer not-a-token');
          return fetch(input, { ...init, headers });
        }
        return fetch(input, init);
      },
    });
    await Promise.all([client.getToken(), client.getToken(), client.getToken()]);
    expect(tokenCalls).toBe(1);
    const offers = await client.priceBreakdown('1249.00');
    expect(offers.length).toBeGreaterThan(0);
    expect(tokenCalls).toBe(2);
  });

  it('creates the application with Correlation-ID, partner-ID and a §2.1 body', async () => {
    const res = await checkout();
    expect(res.status).toBe(201);
    const body = await json<{ orderId: string; consumerOnboardingURL: string; applicationGUID: string }>(res);
    expect(body.orderId).toMatch(UUID);
    expect(body.consumerOnboardingURL).toContain('/usl/avvance-installment-loans');
    expect(body.consumerOnboardingURL).toContain(body.applicationGUID);
    const create = seen.filter((s) => s.path === '/poslp/services/avvance-loan/v1/create').at(-1)!;
    expect(create.method).toBe('POST');
    expect(create.headers.get('correlation-id')).toMatch(UUID);
    expect(create.headers.get('partner-id')).toBe(DEMO_DEFAULTS.partnerId);
    expect(create.headers.get('authorization')).toMatch(/^Bearer \S+/);
    const sent = JSON.parse(create.body ?? '{}') as Record<string, unknown> & {
      consumer: Record<string, unknown>;
    };
    expect(sent).toMatchObject({
      partnerSessionId: body.orderId,
      merchantId: DEMO_DEFAULTS.merchantId,
      invoiceAmount: '1249.00',
    });
    expect(sent.consumer).toMatchObject({
      firstName: 'Jordan',
      mobilePhone: '9009009000',
      billingAddress: { state: 'MN', postalCode: '55401', countryCode: 'US' },
    });
    // Two calls never share a Correlation-ID.
    const ids = seen.map((s) => s.headers.get('correlation-id'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('validates the form before calling Avvance', async () => {
    const count = seen.length;
    const res = await checkout({ ...CONSUMER, email: 'not-an-email', mobilePhone: '12' });
    expect(res.status).toBe(400);
    const body = await json<{ error: { code: string; fields: Record<string, string> } }>(res);
    expect(body.error.code).toBe('DEMO_INVALID_FORM');
    expect(Object.keys(body.error.fields).sort()).toEqual(['email', 'mobilePhone']);
    expect(seen.length).toBe(count);
  });

  it("passes Avvance's error code and message through (invoice below $300)", async () => {
    const res = await checkout(CONSUMER, { lines: [{ sku: 'NW-LOCK', quantity: 1 }] });
    expect(res.status).toBe(400);
    const body = await json<{ error: { source: string; code: string; message: string } }>(res);
    expect(body.error.source).toBe('avvance');
    expect(body.error.code).toBe('400.44010.4111');
    expect(body.error.message).toMatch(/\$300/);
  });

  it('approve → accept: webhooks arrive authenticated and polling shows Authorized; void works once', async () => {
    const { id, guid } = await journey('0000', true);
    const order = await waitFor(
      async () => {
        const o = await getOrder(id);
        const statuses = o.webhooks.map((w) => w.status);
        return statuses.includes('INVOICE_PAYMENT_TRANSACTION_AUTHORIZED') ? o : undefined;
      },
      { what: 'the AUTHORIZED webhook', timeoutMs: 15_000 },
    );
    expect(order.applicationGUID).toBe(guid);
    expect(order.webhooks.map((w) => w.status)).toEqual(
      expect.arrayContaining(['APPLICATION_APPROVED', 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED']),
    );
    expect(order.webhooks.every((w) => w.authOk)).toBe(true);
    expect(order.loanStatus).toBe('AUTHORIZED');
    expect(order.view).toMatchObject({ label: 'Authorized', canVoid: true });
    // Polling called notification-status with the GUID in the notificationId header, and loan-status.
    const note = seen.filter((s) => s.path.endsWith('/notification-status')).at(-1)!;
    expect(note.headers.get('notificationid')).toBe(guid);
    const loan = seen.filter((s) => s.path.endsWith('/loan-status')).at(-1)!;
    expect(loan.headers.get('partnersession-id')).toBe(id);

    const voided = await fetch(demo(`/api/avvance/orders/${id}/void`), { method: 'POST' });
    expect(voided.status).toBe(200);
    expect((await getOrder(id)).view.label).toBe('Voided');
    const again = await fetch(demo(`/api/avvance/orders/${id}/void`), { method: 'POST' });
    expect(again.status).toBe(400);
    expect((await json<{ error: { source: string } }>(again)).error.source).toBe('avvance');
  });

  it('decline persona: order shows Declined and offers another payment method', async () => {
    const { id } = await journey('3333', false);
    const order = await waitFor(
      async () => {
        const o = await getOrder(id);
        return o.applicationStatus === 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT' ? o : undefined;
      },
      { what: 'the decline', timeoutMs: 15_000 },
    );
    expect(order.view).toMatchObject({ label: 'Declined', offerOtherPayment: true, canVoid: false });
  });

  it('refund: rejected before settlement, partial after, over-refund rejected', async () => {
    const { id } = await journey('0000', true);
    await waitFor(async () => (await getOrder(id)).loanStatus === 'AUTHORIZED', {
      what: 'authorization',
      timeoutMs: 15_000,
    });
    const early = await fetch(demo(`/api/avvance/orders/${id}/refund`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 100 }),
    });
    expect(early.status).toBe(400);
    expect((await json<{ error: { message: string } }>(early)).error.message).toMatch(/Void/i);

    // The order page's "Run sandbox settlement" button (the store calls the sandbox's S5 for its MID).
    const settle = await fetch(demo('/demo/sandbox/settle'), { method: 'POST' });
    expect(settle.status).toBe(200);
    expect(((await settle.json()) as { count: number }).count).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await getOrder(id)).loanStatus === 'SETTLED', {
      what: 'settlement',
      timeoutMs: 15_000,
    });
    const partial = await fetch(demo(`/api/avvance/orders/${id}/refund`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 100 }),
    });
    expect(partial.status).toBe(200);
    const refundCall = seen.filter((s) => s.path.endsWith('/refund')).at(-1)!;
    expect(JSON.parse(refundCall.body ?? '{}')).toMatchObject({ partnerSessionId: id, refundAmount: 100 });
    const over = await fetch(demo(`/api/avvance/orders/${id}/refund`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 5000 }),
    });
    expect(over.status).toBe(400);
    const err = await json<{ error: { source: string; code: string } }>(over);
    expect(err.error).toMatchObject({ source: 'avvance', code: '400.44010.4111' });
  });
});

describe('demo store without a reachable Avvance', () => {
  it('answers 502 with a readable message', async () => {
    const { startDemoStore } = await import('./server.ts');
    const store = await startDemoStore({
      port: 0,
      registerWebhook: false,
      avvanceBaseUrl: 'http://127.0.0.1:9', // discard port: connection refused
    });
    try {
      const res = await fetch(`${store.url}/api/avvance/price-breakdown`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(CART),
      });
      expect(res.status).toBe(502);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('DEMO_AVVANCE_UNREACHABLE');
      expect(body.error.message).toContain('127.0.0.1:9');
    } finally {
      await store.app.close();
    }
  });
});
