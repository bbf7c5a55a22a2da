import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { AvvanceApiError, AvvanceClient } from './avvance-client.ts';
import { DEMO_DEFAULTS } from './defaults.ts';
import {
  applyApplicationStatus,
  CATALOG,
  centsToAmount,
  describeOrder,
  type Order,
  OrderStore,
  priceCart,
  WebhookLog,
} from './orders.ts';
import { renderCheckoutPage, renderOrderPage, renderProductPage, STORE_CSS, STORE_JS } from './pages.ts';
import { FormError, parseConsumer, parseLines } from './validate.ts';
import { type DemoWebhookAuth, describeWebhookAuth, verifyWebhookAuth } from './webhook-auth.ts';

/** Options of {@link buildDemoStore}. Every Avvance setting defaults to the embedded sandbox's test values. */
export interface DemoStoreOptions {
  logger?: FastifyServerOptions['logger'];
  /** Avvance partner API base URL. Defaults to the relay's sandbox, `http://127.0.0.1:8787`. */
  avvanceBaseUrl?: string;
  /** Token host, when it differs from `avvanceBaseUrl`. */
  avvanceAuthBaseUrl?: string;
  /** Where the sandbox control plane (`/sandbox/v1/...`) lives. Defaults to the origin of `avvanceBaseUrl`. */
  sandboxControlUrl?: string;
  partnerId?: string;
  merchantId?: string;
  clientKey?: string;
  clientSecret?: string;
  /** How Avvance must authenticate its webhooks. Defaults to HTTP Basic with a random password per start. */
  webhookAuth?: DemoWebhookAuth;
  /** Bounds of the in-memory state. */
  maxOrders?: number;
  maxWebhooks?: number;
  /** Injected into the Avvance client (tests count calls with it). */
  fetch?: typeof fetch;
  /** Injected clock for the token cache (tests). */
  now?: () => number;
}

/** The demo store: its Fastify app and the state behind it. */
export interface DemoStore {
  app: FastifyInstance;
  client: AvvanceClient;
  orders: OrderStore;
  webhooks: WebhookLog;
  webhookAuth: DemoWebhookAuth;
  /** Base URL of the sandbox control plane used by {@link DemoStore.registerWebhook}. */
  sandboxControlUrl: string;
  /**
   * Registers `webhookUrl` with the sandbox (S6 `PUT /sandbox/v1/partners/{partnerId}/webhook`) using this
   * store's webhook credentials. Throws with the sandbox's message on failure.
   */
  registerWebhook(webhookUrl: string): Promise<void>;
}

type ErrorSource = 'avvance' | 'store';

function sendError(
  reply: FastifyReply,
  status: number,
  source: ErrorSource,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply.code(status).send({ error: { source, code, message, ...extra } });
}

function errorStatusFor(err: AvvanceApiError): number {
  // Avvance's own 4xx (bad request, unknown resource) are shown as such; its auth failures and 5xx are
  // the store's upstream problem.
  if (err.status === 400 || err.status === 404 || err.status === 409 || err.status === 422) return err.status;
  return 502;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * Builds the "Northwind Outdoor" demo merchant store: pages under `/demo`, its backend under
 * `/api/avvance/` (the prefix the panel's detection rules treat as merchant Avvance routes).
 */
export async function buildDemoStore(opts: DemoStoreOptions = {}): Promise<DemoStore> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 256 * 1024,
  });
  const avvanceBaseUrl = opts.avvanceBaseUrl ?? DEMO_DEFAULTS.avvanceBaseUrl;
  const partnerId = opts.partnerId ?? DEMO_DEFAULTS.partnerId;
  const merchantId = opts.merchantId ?? DEMO_DEFAULTS.merchantId;
  const client = new AvvanceClient({
    baseUrl: avvanceBaseUrl,
    ...(opts.avvanceAuthBaseUrl ? { authBaseUrl: opts.avvanceAuthBaseUrl } : {}),
    partnerId,
    merchantId,
    clientKey: opts.clientKey ?? DEMO_DEFAULTS.clientKey,
    clientSecret: opts.clientSecret ?? DEMO_DEFAULTS.clientSecret,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const orders = new OrderStore(opts.maxOrders ?? 500);
  const webhooks = new WebhookLog(opts.maxWebhooks ?? 200);
  const webhookAuth: DemoWebhookAuth = opts.webhookAuth ?? {
    type: 'basic',
    username: 'northwind-webhooks',
    password: randomBytes(18).toString('base64url'),
  };
  const sandboxControlUrl = (opts.sandboxControlUrl ?? originOf(avvanceBaseUrl)).replace(/\/$/, '');

  /** Wraps a handler's Avvance call: Avvance errors become `{ error: { source: 'avvance', ... } }`. */
  async function avvance<T>(
    reply: FastifyReply,
    order: Order | undefined,
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e: unknown) {
      if (e instanceof AvvanceApiError) {
        reply.log.warn(
          { operation: e.operation, status: e.status, code: e.code },
          'Avvance answered with an error',
        );
        if (order) {
          order.lastError = {
            operation: e.operation,
            status: e.status,
            code: e.code,
            message: e.message,
            at: new Date().toISOString(),
          };
        }
        sendError(reply, errorStatusFor(e), 'avvance', e.code, e.message, {
          operation: e.operation,
          httpStatus: e.status,
        });
        return undefined;
      }
      reply.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'Avvance unreachable');
      sendError(
        reply,
        502,
        'store',
        'DEMO_AVVANCE_UNREACHABLE',
        `Could not reach Avvance at ${avvanceBaseUrl}. Is the relay running?`,
      );
      return undefined;
    }
  }

  function orderJson(order: Order): Record<string, unknown> {
    return {
      orderId: order.partnerSessionId,
      partnerSessionId: order.partnerSessionId,
      invoiceId: order.invoiceId,
      createdAt: order.createdAt,
      lines: order.lines,
      totalCents: order.totalCents,
      amount: centsToAmount(order.totalCents),
      applicationGUID: order.applicationGUID,
      applicationStatus: order.applicationStatus,
      merchantMessage: order.merchantMessage,
      loanStatus: order.loanStatus,
      paymentTransactionId: order.paymentTransactionId,
      approvalCode: order.approvalCode,
      loanSummary: order.loanSummary,
      refunds: order.refunds,
      view: describeOrder(order),
      webhooks: webhooks.byIds(order.webhookIds),
      lastError: order.lastError,
    };
  }

  // --- pages -------------------------------------------------------------------------------------------
  app.get('/', (_req, reply) => reply.redirect('/demo'));
  app.get('/favicon.ico', (_req, reply) => reply.code(204).send());
  app.get('/demo', (_req, reply) => reply.type('text/html; charset=utf-8').send(renderProductPage(CATALOG)));
  app.get('/demo/checkout', (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(renderCheckoutPage(CATALOG)),
  );
  app.get<{ Params: { id: string } }>('/demo/orders/:id', (req, reply) =>
    reply.type('text/html; charset=utf-8').send(renderOrderPage(req.params.id)),
  );
  app.get('/demo/assets/store.css', (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(STORE_CSS),
  );
  app.get('/demo/assets/store.js', (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(STORE_JS),
  );

  // --- backend: price breakdown, checkout, orders ------------------------------------------------------
  app.post('/api/avvance/price-breakdown', async (req, reply) => {
    let totalCents: number;
    try {
      totalCents = priceCart(parseLines(req.body)).totalCents;
    } catch (e: unknown) {
      return sendError(reply, 400, 'store', 'DEMO_BAD_CART', e instanceof Error ? e.message : 'Bad cart');
    }
    const amount = centsToAmount(totalCents);
    const offers = await avvance(reply, undefined, () => client.priceBreakdown(amount));
    if (!offers) return reply;
    const payments = offers.map((o) => o.paymentAmount).filter((n) => Number.isFinite(n) && n > 0);
    return {
      amount,
      totalCents,
      asLowAs: payments.length > 0 ? Math.min(...payments) : undefined,
      offers,
    };
  });

  app.post('/api/avvance/checkout', async (req, reply) => {
    let lines: ReturnType<typeof priceCart>;
    let consumer: ReturnType<typeof parseConsumer>;
    try {
      lines = priceCart(parseLines(req.body));
      consumer = parseConsumer(req.body);
    } catch (e: unknown) {
      if (e instanceof FormError) {
        return sendError(reply, 400, 'store', 'DEMO_INVALID_FORM', e.message, { fields: e.fields });
      }
      return sendError(reply, 400, 'store', 'DEMO_BAD_CART', e instanceof Error ? e.message : 'Bad cart');
    }
    const partnerSessionId = randomUUID();
    const invoiceId = `NW-${Date.now().toString(36).toUpperCase()}`;
    const order: Order = {
      partnerSessionId,
      invoiceId,
      createdAt: new Date().toISOString(),
      lines: lines.lines,
      totalCents: lines.totalCents,
      refunds: [],
      voided: false,
      webhookIds: [],
      appliedCorrelationIds: [],
    };
    const storeOrigin = `${req.protocol}://${req.host}`;
    const orderUrl = `${storeOrigin}/demo/orders/${partnerSessionId}`;
    const created = await avvance(reply, undefined, () =>
      client.createFinancing({
        partnerSessionId,
        invoiceAmount: centsToAmount(lines.totalCents),
        invoiceId,
        merchantTransactionId: invoiceId,
        purchaseDescription: lines.lines.map((l) => `${l.name} x${l.quantity}`).join(', '),
        consumer: {
          language: 'EN',
          email: consumer.email,
          firstName: consumer.firstName,
          lastName: consumer.lastName,
          mobilePhone: consumer.mobilePhone,
          billingAddress: { ...consumer.billingAddress, countryCode: 'US' },
          shippingAddress: { ...consumer.billingAddress, countryCode: 'US' },
          ...(/^[\d.]+$|:/.test(req.ip) ? { IPAddress: req.ip } : {}),
        },
        metadata: [
          { key: 'platform', value: 'northwind-demo' },
          { key: 'order_id', value: invoiceId },
        ],
        partnerReturnErrorUrl: orderUrl,
        // Not in Avvance's spec: the embedded sandbox's hosted page returns the consumer here when done.
        partnerReturnUrl: orderUrl,
      } as Parameters<AvvanceClient['createFinancing']>[0]),
    );
    if (!created) return reply;
    orders.add(order);
    orders.linkGuid(order, created.applicationGUID);
    order.consumerOnboardingURL = created.consumerOnboardingURL;
    req.log.info(
      { partnerSessionId, applicationGUID: created.applicationGUID },
      'Avvance application created',
    );
    return reply.code(201).send({
      orderId: partnerSessionId,
      orderUrl: `/demo/orders/${partnerSessionId}`,
      applicationGUID: created.applicationGUID,
      consumerOnboardingURL: created.consumerOnboardingURL,
    });
  });

  app.get<{ Params: { id: string }; Querystring: { refresh?: string } }>(
    '/api/avvance/orders/:id',
    async (req, reply) => {
      const order = orders.get(req.params.id);
      if (!order) return sendError(reply, 404, 'store', 'DEMO_ORDER_NOT_FOUND', 'No such order');
      if (req.query.refresh !== '0' && order.applicationGUID) {
        await refreshOrder(order, req.log);
      }
      return orderJson(order);
    },
  );

  /** Pulls notification-status (and loan-status once authorized); expected "not yet" answers are quiet. */
  async function refreshOrder(order: Order, log: FastifyInstance['log']): Promise<void> {
    const guid = order.applicationGUID;
    if (!guid) return;
    const terminal = order.voided || order.loanStatus === 'VOIDED' || order.loanStatus === 'REFUNDED';
    if (terminal) return;
    try {
      const note = await client.notificationStatus(guid);
      const status = note.eventDetails?.loanStatus?.status;
      if (status) {
        applyApplicationStatus(order, status, note.eventDetails?.loanStatus?.merchantMessage);
        captureDetails(order, note.eventDetails);
      }
    } catch (e: unknown) {
      // 404: no notification yet. Anything else is worth showing.
      if (!(e instanceof AvvanceApiError && e.status === 404)) noteError(order, e, log);
    }
    if (order.applicationStatus?.startsWith('INVOICE_PAYMENT_TRANSACTION') || order.loanStatus) {
      try {
        const loanStatus = await client.loanStatus(order.partnerSessionId);
        if (loanStatus) order.loanStatus = loanStatus;
      } catch (e: unknown) {
        if (!(e instanceof AvvanceApiError && e.status === 400 && /yet to be authorized/i.test(e.message))) {
          noteError(order, e, log);
        }
      }
    }
  }

  function noteError(order: Order, e: unknown, log: FastifyInstance['log']): void {
    if (e instanceof AvvanceApiError) {
      order.lastError = {
        operation: e.operation,
        status: e.status,
        code: e.code,
        message: e.message,
        at: new Date().toISOString(),
      };
      log.warn({ operation: e.operation, status: e.status, code: e.code }, 'Avvance status poll failed');
    } else {
      log.warn({ err: e instanceof Error ? e.message : String(e) }, 'Avvance status poll failed');
    }
  }

  function captureDetails(
    order: Order,
    details: {
      paymentTransactionId?: string;
      approvalCode?: string;
      loanSummary?: Record<string, unknown>;
    } = {},
  ): void {
    if (details.paymentTransactionId) order.paymentTransactionId = details.paymentTransactionId;
    if (details.approvalCode) order.approvalCode = details.approvalCode;
    if (details.loanSummary) order.loanSummary = details.loanSummary;
  }

  app.post<{ Params: { id: string } }>('/api/avvance/orders/:id/void', async (req, reply) => {
    const order = orders.get(req.params.id);
    if (!order) return sendError(reply, 404, 'store', 'DEMO_ORDER_NOT_FOUND', 'No such order');
    const result = await avvance(reply, order, () => client.voidTransaction(order.partnerSessionId));
    if (!result) return reply;
    order.voided = true;
    order.loanStatus = 'VOIDED';
    order.lastError = undefined;
    req.log.info({ partnerSessionId: order.partnerSessionId }, 'order voided');
    return { result, order: orderJson(order) };
  });

  app.post<{ Params: { id: string } }>('/api/avvance/orders/:id/refund', async (req, reply) => {
    const order = orders.get(req.params.id);
    if (!order) return sendError(reply, 404, 'store', 'DEMO_ORDER_NOT_FOUND', 'No such order');
    const refundedCents = describeOrder(order).refundedCents;
    const raw = (req.body as { amount?: unknown } | undefined)?.amount;
    const amount =
      raw === undefined || raw === null || raw === ''
        ? (order.totalCents - refundedCents) / 100
        : Number(raw);
    if (!Number.isFinite(amount) || amount <= 0 || Math.round(amount * 100) !== amount * 100) {
      return sendError(reply, 400, 'store', 'DEMO_BAD_AMOUNT', 'Enter a refund amount in dollars and cents.');
    }
    const result = await avvance(reply, order, () => client.refund(order.partnerSessionId, amount));
    if (!result) return reply;
    order.refunds.push({
      amount,
      at: new Date().toISOString(),
      ...(result.paymentTransactionId ? { paymentTransactionId: result.paymentTransactionId } : {}),
    });
    order.loanStatus = 'REFUND_IN_PROGRESS';
    order.lastError = undefined;
    req.log.info({ partnerSessionId: order.partnerSessionId }, 'refund requested');
    return { result, order: orderJson(order) };
  });

  /** Sandbox helper for the demo: run the settlement batch so refunds become possible. */
  app.post('/demo/sandbox/settle', async (_req, reply) => {
    try {
      const res = await (opts.fetch ?? fetch)(`${sandboxControlUrl}/sandbox/v1/settlement/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Correlation-ID': randomUUID() },
        body: JSON.stringify({ merchantId }),
      });
      const body = (await res.json().catch(() => ({}))) as unknown;
      return reply.code(res.ok ? 200 : 502).send(body);
    } catch {
      return sendError(reply, 502, 'store', 'DEMO_SANDBOX_UNREACHABLE', 'Could not reach the sandbox.');
    }
  });

  // --- webhooks ------------------------------------------------------------------------------------------
  await app.register(async (scope) => {
    // Keep the raw body: HMAC signatures are computed over the exact bytes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    scope.post('/api/avvance/webhooks', async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const correlationId = req.headers['correlation-id'];
      const base = {
        receivedAt: new Date().toISOString(),
        authMode: describeWebhookAuth(webhookAuth),
        ...(typeof correlationId === 'string' ? { correlationId } : {}),
      };
      const auth = verifyWebhookAuth(webhookAuth, req.headers, raw);
      if (!auth.ok) {
        webhooks.add({ ...base, authOk: false, rejectedReason: auth.reason, httpStatus: 401 });
        req.log.warn({ reason: auth.reason }, 'webhook rejected: authentication failed');
        if (webhookAuth.type === 'basic') reply.header('WWW-Authenticate', 'Basic realm="Avvance Webhook"');
        return sendError(reply, 401, 'store', 'DEMO_WEBHOOK_UNAUTHORIZED', 'Webhook authentication failed');
      }
      let payload: {
        eventName?: unknown;
        eventDetails?: {
          applicationGUID?: string;
          partnerSessionId?: string;
          paymentTransactionId?: string;
          approvalCode?: string;
          loanSummary?: Record<string, unknown>;
          loanStatus?: { status?: string; merchantMessage?: string };
        };
      };
      try {
        payload = JSON.parse(raw) as typeof payload;
        if (!payload || typeof payload !== 'object' || Array.isArray(payload))
          throw new Error('not an object');
      } catch {
        webhooks.add({ ...base, authOk: true, rejectedReason: 'body is not a JSON object', httpStatus: 400 });
        return sendError(reply, 400, 'store', 'DEMO_WEBHOOK_BAD_JSON', 'Body must be a JSON object');
      }
      const details = payload.eventDetails ?? {};
      const status = details.loanStatus?.status;
      const order =
        (details.partnerSessionId ? orders.get(details.partnerSessionId) : undefined) ??
        (details.applicationGUID ? orders.findByGuid(details.applicationGUID) : undefined);
      const duplicate =
        order !== undefined &&
        typeof correlationId === 'string' &&
        order.appliedCorrelationIds.includes(correlationId);
      const entry = webhooks.add({
        ...base,
        authOk: true,
        httpStatus: 200,
        ...(typeof payload.eventName === 'string' ? { eventName: payload.eventName } : {}),
        ...(status ? { status } : {}),
        ...(details.loanStatus?.merchantMessage
          ? { merchantMessage: details.loanStatus.merchantMessage }
          : {}),
        ...(details.applicationGUID ? { applicationGUID: details.applicationGUID } : {}),
        ...(details.partnerSessionId ? { partnerSessionId: details.partnerSessionId } : {}),
        ...(duplicate ? { duplicate: true } : {}),
      });
      if (order) {
        order.webhookIds.push(entry.id);
        if (!duplicate && payload.eventName === 'LOAN_STATUS_DETAILS' && status) {
          if (typeof correlationId === 'string') order.appliedCorrelationIds.push(correlationId);
          applyApplicationStatus(order, status, details.loanStatus?.merchantMessage);
          captureDetails(order, details);
        }
      }
      req.log.info({ eventName: entry.eventName, status, known: order !== undefined }, 'webhook received');
      return { received: true };
    });

    scope.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: '/api/avvance/webhooks',
      handler: (_req, reply) =>
        sendError(
          reply.header('Allow', 'POST'),
          405,
          'store',
          'DEMO_METHOD_NOT_ALLOWED',
          'Webhooks must be POSTed',
        ),
    });
  });

  app.get('/api/avvance/webhooks/log', () => ({
    auth: describeWebhookAuth(webhookAuth),
    webhooks: webhooks.list(),
  }));

  async function registerWebhook(webhookUrl: string): Promise<void> {
    const res = await (opts.fetch ?? fetch)(
      `${sandboxControlUrl}/sandbox/v1/partners/${encodeURIComponent(partnerId)}/webhook`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'Correlation-ID': randomUUID() },
        body: JSON.stringify({ url: webhookUrl, auth: webhookAuth }),
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (!res.ok) {
      const text = await res.text();
      throw new Error(`Sandbox refused the webhook registration (HTTP ${res.status}): ${text.slice(0, 300)}`);
    }
  }

  return { app, client, orders, webhooks, webhookAuth, sandboxControlUrl, registerWebhook };
}
