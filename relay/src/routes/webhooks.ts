/**
 * `POST /v1/webhooks/:partnerId`: the URL a partner registers with Avvance (or the sandbox) during
 * development, like `stripe listen`. Verifies the configured auth on the raw body, answers fast with the
 * statuses Avvance's retry policy expects (200 accepted; 4xx refused, never retried; never 5xx for a
 * delivery we accepted), publishes the masked delivery into the partner's default session, then
 * optionally forwards it to the developer's backend and publishes that result too.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import { asError } from '../../../shared/src/util/error.ts';
import type { PartnerConfig } from '../config/types.ts';
import { WebhookErrors } from '../sessions/errors.ts';
import type { RelayUser } from '../types.ts';
import { verifyWebhookAuth } from './webhook-auth.ts';
import { DEFAULT_DUPLICATE_WINDOW_MS, DeliveryDedup } from './webhook-dedup.ts';
import {
  DEFAULT_FORWARD_TIMEOUT_MS,
  type ForwardResult,
  forwardDelivery,
  forwardHeaders,
} from './webhook-forward.ts';

/** Options of {@link webhookRoutes}. */
export interface WebhookRoutesOptions {
  /** Forward timeout, ms. Defaults to 10 000. */
  forwardTimeoutMs?: number;
  /** Window in which a repeated delivery is answered `{ duplicate: true }`, ms. Defaults to 10 minutes. */
  duplicateWindowMs?: number;
  /** Clock, epoch ms. Defaults to `Date.now`. */
  now?: () => number;
}

const Params = Type.Object({ partnerId: Type.String({ minLength: 1, maxLength: 128 }) });
const Accepted = Type.Object({
  received: Type.Boolean(),
  duplicate: Type.Boolean(),
  /** Sequence number of the published event in the partner's default session. */
  seq: Type.Optional(Type.Integer({ minimum: 1 })),
});
const ErrorEnvelope = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function webhookUser(partnerId: string): RelayUser {
  return { sub: 'avvance:webhook', name: 'Avvance webhook', role: 'developer', partnerId };
}

/** The webhook receiver routes (an encapsulated scope: its raw-body content-type parser stays here). */
export async function webhookRoutes(app: FastifyInstance, opts: WebhookRoutesOptions = {}): Promise<void> {
  const forwardTimeoutMs = opts.forwardTimeoutMs ?? DEFAULT_FORWARD_TIMEOUT_MS;
  const windowMs = opts.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
  if (!(forwardTimeoutMs > 0) || !(windowMs > 0)) throw new TypeError('webhooks: timeouts must be > 0');
  const now = opts.now ?? Date.now;
  const dedup = new DeliveryDedup(windowMs);
  const forwards = new Set<AbortController>();
  const config = app.relayConfig;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // HMAC is computed over the exact bytes received: keep the body as a Buffer and parse it ourselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: config.limits.bodyBytes },
    (_req, body, done) => done(null, body),
  );
  app.addHook('onClose', async () => {
    for (const c of forwards) c.abort();
  });

  const publish = (partner: PartnerConfig, exchange: Exchange): number | undefined => {
    try {
      return app.sessions.publish(partner.id, partner.defaultSession, exchange, webhookUser(partner.id));
    } catch (e: unknown) {
      app.log.error({ err: asError(e), partnerId: partner.id }, 'publishing a webhook failed');
      return undefined;
    }
  };

  r.post(
    '/v1/webhooks/:partnerId',
    { schema: { params: Params, response: { 200: Accepted, '4xx': ErrorEnvelope } } },
    async (request, reply) => {
      const startedAt = now();
      const { partnerId } = request.params;
      const partner = config.partners.find((p) => p.id === partnerId);
      if (!partner) throw new WebhookErrors.unknownPartner(partnerId);
      if (!partner.webhook) throw new WebhookErrors.notConfigured(partnerId);
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const auth = verifyWebhookAuth(partner.webhook, request.headers, rawBody, startedAt);
      if (!auth.ok) {
        request.log.warn({ partnerId, reason: auth.reason }, 'webhook refused');
        if (auth.challenge) reply.header('www-authenticate', auth.challenge);
        throw new WebhookErrors.unauthorized(auth.reason);
      }
      let body: unknown;
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new WebhookErrors.badJson();
      }
      const correlationHeader = request.headers['correlation-id'];
      const correlationId = typeof correlationHeader === 'string' ? correlationHeader : undefined;
      if (dedup.check(DeliveryDedup.key(partnerId, correlationId, rawBody), startedAt)) {
        return { received: true, duplicate: true };
      }

      const exchangeId = `wh-${randomUUID()}`;
      const url = `${config.publicUrl.replace(/\/+$/, '')}/v1/webhooks/${encodeURIComponent(partnerId)}`;
      const reqId = correlationId ?? exchangeId;
      const answer: { received: boolean; duplicate: boolean; seq?: number } = {
        received: true,
        duplicate: false,
      };
      const duration = Math.max(0, now() - startedAt);
      const exchange: Exchange = {
        id: exchangeId,
        source: 'webhook',
        masked: false,
        request: {
          id: reqId,
          timestamp: new Date(startedAt).toISOString(),
          type: 'request',
          method: 'POST',
          url,
          headers: flatHeaders(request.headers),
          body,
          partnerId,
          userId: 'avvance',
        },
        response: {
          id: reqId,
          timestamp: new Date(startedAt + duration).toISOString(),
          type: 'response',
          method: 'POST',
          url,
          status: 200,
          duration,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: { received: true, duplicate: false },
        },
        timings: { startedAt, wait: duration },
        requestBodyStatus: 'complete',
        responseBodyStatus: 'complete',
      };
      const seq = publish(partner, exchange);
      if (seq !== undefined) answer.seq = seq;

      if (partner.webhookForwardUrl) {
        // After the reply: Avvance must not wait for (or be failed by) the developer's backend.
        const target = partner.webhookForwardUrl;
        const headers = forwardHeaders(request.headers);
        reply.raw.once('finish', () => {
          const controller = new AbortController();
          forwards.add(controller);
          void forwardDelivery(target, headers, rawBody, controller.signal, forwardTimeoutMs)
            .then((result) =>
              publish(partner, forwardExchange(exchange, target, headers, body, result, now())),
            )
            .finally(() => forwards.delete(controller));
        });
      }
      return answer;
    },
  );

  r.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1/webhooks/:partnerId',
    schema: { params: Params, response: { '4xx': ErrorEnvelope } },
    handler: async (request, reply) => {
      reply.header('allow', 'POST');
      throw new WebhookErrors.methodNotAllowed(request.method);
    },
  });
}

/**
 * The forward as its own exchange (`source: 'webhook'`, `replayOf` = the delivery's exchange id): the
 * backend's status and body, or status 0 and `error` saying why the forward failed.
 */
function forwardExchange(
  delivery: Exchange,
  target: string,
  headers: Record<string, string>,
  body: unknown,
  result: ForwardResult,
  endedAt: number,
): Exchange {
  const startedAt = endedAt - result.durationMs;
  const id = delivery.request.id;
  const base = { id, type: 'response' as const, method: 'POST', url: target, duration: result.durationMs };
  const timestamp = new Date(endedAt).toISOString();
  return {
    id: `${delivery.id}-fwd`,
    source: 'webhook',
    masked: false,
    replayOf: delivery.id,
    request: {
      ...delivery.request,
      timestamp: new Date(startedAt).toISOString(),
      url: target,
      headers,
      body,
    },
    response: result.ok
      ? {
          ...base,
          timestamp,
          status: result.status,
          headers: result.headers,
          ...(result.truncated ? {} : { body: parseJsonText(result.body) }),
        }
      : {
          ...base,
          timestamp,
          status: 0,
          headers: {},
          error: `forward to the local backend failed: ${result.error}`,
        },
    timings: { startedAt, wait: result.durationMs },
    requestBodyStatus: 'complete',
    responseBodyStatus: !result.ok ? 'absent' : result.truncated ? 'discarded:too-large' : 'complete',
  };
}
