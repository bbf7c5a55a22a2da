import { createHmac } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WebhookDelivery, WebhookEvent } from '../../../shared/src/openapi/index.ts';
import type { Clock } from './clock.ts';
import type { DeliveryRecord, PartnerState, SandboxStore, WebhookConfigRecord } from './store.ts';

/** Options of {@link WebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  clock: Clock;
  store: SandboxStore;
  /** Per-attempt timeout, ms. */
  timeoutMs: number;
  /** Delay before each retry of a 5xx/timeout, ms; its length is the number of retries. */
  retryDelaysMs: number[];
}

const REDACTED = '[Redacted]';

/** Headers Avvance sends with every webhook (AVVANCE_API.md §3.5), before authentication. */
function baseHeaders(correlationId: string, sessionId: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'Channel-ID': 'Web',
    'Correlation-ID': correlationId,
    'Application-ID': 'AVNC_PTNR',
    'Session-ID': sessionId,
  };
}

/**
 * Adds the configured authentication: `basic` (default, what Avvance does), `bearer` (Authorization or
 * X-Avvance-Token) or `hmac` (`X-Webhook-Signature: sha256=<hex>` over the raw body, or over
 * `timestamp + "." + body` with `X-Avvance-Timestamp` when timestamped). Returns sent and masked headers.
 */
export function signWebhook(
  config: Pick<WebhookConfigRecord, 'auth'>,
  rawBody: string,
  headers: Record<string, string>,
  nowMs: number,
): { sent: Record<string, string>; masked: Record<string, string> } {
  const sent = { ...headers };
  const masked = { ...headers };
  const { auth } = config;
  if (auth.type === 'basic') {
    sent.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    masked.Authorization = `Basic ${REDACTED}`;
  } else if (auth.type === 'bearer') {
    if (auth.header === 'X-Avvance-Token') {
      sent['X-Avvance-Token'] = auth.token;
      masked['X-Avvance-Token'] = REDACTED;
    } else {
      sent.Authorization = `Bearer ${auth.token}`;
      masked.Authorization = `Bearer ${REDACTED}`;
    }
  } else {
    let signed = rawBody;
    if (auth.timestamped) {
      const ts = String(Math.floor(nowMs / 1000));
      sent['X-Avvance-Timestamp'] = ts;
      masked['X-Avvance-Timestamp'] = ts;
      signed = `${ts}.${rawBody}`;
    }
    sent['X-Webhook-Signature'] = `sha256=${createHmac('sha256', auth.secret).update(signed).digest('hex')}`;
    masked['X-Webhook-Signature'] = `sha256=${REDACTED}`;
  }
  return { sent, masked };
}

/** Metadata of a new delivery. */
export interface DeliveryMeta {
  correlationId: string;
  sessionId: string;
  applicationGUID?: string;
  replayOf?: string;
}

/**
 * Posts webhooks with Avvance's retry policy: 2xx delivered; 3xx (redirects are never followed) and 4xx
 * failed without retry; 5xx, network errors and timeouts retried after each `retryDelaysMs` entry.
 * Timers run on the sandbox clock and are all cleared by {@link WebhookDispatcher.close}.
 */
export class WebhookDispatcher {
  readonly #opts: WebhookDispatcherOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #controllers = new Set<AbortController>();
  readonly #timers = new Set<ReturnType<Clock['setTimeout']>>();
  readonly #chains = new Map<string, Promise<void>>();
  #seq = 0;
  #closed = false;
  #log: FastifyBaseLogger | undefined;

  constructor(opts: WebhookDispatcherOptions) {
    this.#opts = opts;
  }

  /** Logger for delivery outcomes (ids and statuses only, never bodies or secrets). */
  setLogger(log: FastifyBaseLogger): void {
    this.#log = log;
  }

  /**
   * Records and starts a delivery of `payload` to the partner's webhook endpoint; `undefined` when the
   * partner has no endpoint or does not subscribe to this event.
   */
  enqueue(partner: PartnerState, payload: WebhookEvent, meta: DeliveryMeta): DeliveryRecord | undefined {
    const config = partner.webhook;
    if (!config || this.#closed || !config.events.includes(payload.eventName)) return undefined;
    this.#seq += 1;
    const record: DeliveryRecord = {
      id: `dlv_${String(this.#seq).padStart(6, '0')}`,
      partnerId: partner.config.partnerId,
      eventName: payload.eventName,
      url: config.url,
      correlationId: meta.correlationId,
      status: 'pending',
      createdAt: this.#opts.clock.now(),
      headers: {},
      payload,
      attempts: [],
      sessionId: meta.sessionId,
      ...(meta.applicationGUID ? { applicationGUID: meta.applicationGUID } : {}),
      ...(meta.replayOf ? { replayOf: meta.replayOf } : {}),
    };
    partner.deliveries.set(record.id, record);
    this.#run(partner, record, config);
    return record;
  }

  /** Delivers the payload of `original` again, as a new delivery linked by `replayOf`. */
  replay(partner: PartnerState, original: DeliveryRecord): DeliveryRecord | undefined {
    return this.enqueue(partner, original.payload, {
      correlationId: original.correlationId,
      sessionId: original.sessionId,
      replayOf: original.id,
      ...(original.applicationGUID ? { applicationGUID: original.applicationGUID } : {}),
    });
  }

  /** Resolves once no attempt is in flight (retries scheduled on the clock do not count). */
  async whenIdle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Stops everything: clears retry timers and aborts attempts in flight. */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers) this.#opts.clock.clearTimeout(t);
    this.#timers.clear();
    for (const c of this.#controllers) c.abort();
  }

  #run(partner: PartnerState, record: DeliveryRecord, config: WebhookConfigRecord): void {
    // One attempt at a time per partner, so that a partner sees an application's statuses in order.
    const key = partner.config.partnerId;
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const p: Promise<void> = previous
      .then(() => this.#attempt(partner, record, config))
      .catch((err: unknown) =>
        this.#log?.error({ err, deliveryId: record.id }, 'sandbox webhook attempt failed'),
      )
      .finally(() => {
        this.#inFlight.delete(p);
        if (this.#chains.get(key) === p) this.#chains.delete(key);
      });
    this.#chains.set(key, p);
    this.#inFlight.add(p);
  }

  async #attempt(partner: PartnerState, record: DeliveryRecord, config: WebhookConfigRecord): Promise<void> {
    const { clock, timeoutMs, retryDelaysMs } = this.#opts;
    const rawBody = JSON.stringify(record.payload);
    const at = clock.now();
    const { sent, masked } = signWebhook(
      config,
      rawBody,
      baseHeaders(record.correlationId, record.sessionId),
      at,
    );
    record.headers = masked;
    delete record.nextAttemptAt;
    const controller = new AbortController();
    this.#controllers.add(controller);
    const started = performance.now();
    const attempt: WebhookDelivery['attempts'][number] = { at: new Date(at).toISOString(), durationMs: 0 };
    let retry = false;
    try {
      const res = await fetch(record.url, {
        method: 'POST',
        headers: sent,
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await res.body?.cancel().catch(() => undefined);
      attempt.httpStatus = res.status;
      if (res.status >= 200 && res.status < 300) record.status = 'delivered';
      else if (res.status >= 500) retry = true;
      else {
        record.status = 'failed';
        if (res.status >= 300 && res.status < 400) attempt.error = 'Redirect not followed';
      }
    } catch (e: unknown) {
      const name = e instanceof Error ? e.name : '';
      attempt.error =
        name === 'TimeoutError' ? 'Timeout' : name === 'AbortError' ? 'Aborted' : 'Network error';
      retry = !this.#closed;
      if (this.#closed) record.status = 'failed';
    } finally {
      this.#controllers.delete(controller);
    }
    attempt.durationMs = Math.round((performance.now() - started) * 10) / 10;
    record.attempts.push(attempt);
    if (retry) {
      const delay = retryDelaysMs[record.attempts.length - 1];
      if (delay === undefined || this.#closed) record.status = 'failed';
      else {
        record.status = 'retrying';
        record.nextAttemptAt = clock.now() + delay;
        const timer = clock.setTimeout(() => {
          this.#timers.delete(timer);
          if (!this.#closed) this.#run(partner, record, partner.webhook ?? config);
        }, delay);
        this.#timers.add(timer);
      }
    }
    this.#log?.info(
      {
        deliveryId: record.id,
        eventName: record.eventName,
        status: record.status,
        httpStatus: attempt.httpStatus,
        attempt: record.attempts.length,
      },
      'sandbox webhook attempt',
    );
  }
}

/** The public form of a delivery (S7): ISO dates, internal fields dropped. */
export function deliveryView(d: DeliveryRecord): WebhookDelivery {
  const view: WebhookDelivery = {
    id: d.id,
    partnerId: d.partnerId,
    eventName: d.eventName,
    url: d.url,
    correlationId: d.correlationId,
    status: d.status,
    createdAt: new Date(d.createdAt).toISOString(),
    headers: d.headers,
    payload: d.payload,
    attempts: d.attempts,
  };
  if (d.nextAttemptAt !== undefined) view.nextAttemptAt = new Date(d.nextAttemptAt).toISOString();
  if (d.replayOf !== undefined) view.replayOf = d.replayOf;
  return view;
}
