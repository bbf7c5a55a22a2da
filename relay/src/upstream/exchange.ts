import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Masker } from '../../../shared/src/mask/index.ts';
import type { BodyStatus, Exchange, ExchangeSource } from '../../../shared/src/model/exchange.ts';
import type { HeaderMap } from '../../../shared/src/model/logs.ts';
import { asError } from '../../../shared/src/util/error.ts';
import { maskOnce } from '../sessions/pre-masked.ts';
import { upstreamTraceparent } from '../tracing/index.ts';
import type { RelayUser } from '../types.ts';

/** What the relay puts in place of the injected partner token in exchanges (the token never leaves the relay). */
export const INJECTED_AUTHORIZATION = 'Bearer [injected by relay]';

/** Everything needed to describe one relayed call. */
export interface ExchangeParts {
  source: Extract<ExchangeSource, 'replay' | 'proxy'>;
  environment: string;
  correlationId: string;
  startedAt: number;
  /** ms from start to response headers (`wait`), when a response arrived. */
  waitMs?: number;
  /** ms from start to the end of the response body. */
  durationMs: number;
  method: string;
  url: URL;
  /** Request headers as sent upstream (the injected Authorization is replaced by {@link INJECTED_AUTHORIZATION}). */
  requestHeaders: HeaderMap;
  requestBody: { body?: unknown; status: BodyStatus };
  response?: { status: number; headers: HeaderMap; body?: unknown; bodyStatus: BodyStatus };
  /** Why no (complete) response arrived. */
  error?: string;
  user: RelayUser;
  replayOf?: string;
}

/** Builds the unmasked exchange of a relayed call. */
export function buildExchange(parts: ExchangeParts): Exchange {
  const started = new Date(parts.startedAt).toISOString();
  const ended = new Date(parts.startedAt + parts.durationMs).toISOString();
  const query = Object.fromEntries(parts.url.searchParams);
  const headers = { ...parts.requestHeaders };
  if (headers.authorization !== undefined) headers.authorization = INJECTED_AUTHORIZATION;
  // With tracing on, the trace context the upstream call really carried (the panel shows its trace id).
  const traceparent = upstreamTraceparent();
  if (traceparent !== undefined) headers.traceparent = traceparent;
  const url = parts.url.href;
  const exchange: Exchange = {
    id: randomUUID(),
    source: parts.source,
    request: {
      id: parts.correlationId,
      timestamp: started,
      type: 'request',
      method: parts.method,
      url,
      headers,
      ...('body' in parts.requestBody ? { body: parts.requestBody.body } : {}),
      ...(Object.keys(query).length > 0 ? { query } : {}),
      partnerId: headers['partner-id'] ?? parts.user.partnerId,
      userId: parts.user.sub,
    },
    timings: {
      startedAt: parts.startedAt,
      ...(parts.waitMs !== undefined
        ? { wait: parts.waitMs, receive: Math.max(0, parts.durationMs - parts.waitMs) }
        : {}),
    },
    masked: false,
    requestBodyStatus: parts.requestBody.status,
    responseBodyStatus: parts.response?.bodyStatus ?? 'unavailable',
    environment: parts.environment,
    ...(parts.replayOf !== undefined ? { replayOf: parts.replayOf } : {}),
  };
  if (parts.response || parts.error !== undefined) {
    exchange.response = {
      id: parts.correlationId,
      timestamp: ended,
      type: 'response',
      method: parts.method,
      url,
      status: parts.response?.status ?? 0,
      duration: parts.durationMs,
      headers: parts.response?.headers ?? {},
      ...(parts.response && 'body' in parts.response ? { body: parts.response.body } : {}),
      ...(parts.error !== undefined ? { error: parts.error } : {}),
    };
  }
  return exchange;
}

/** Maskers per partner: deterministic tokens within a partner for this relay process, never across partners. */
const SALT = randomBytes(16).toString('hex');
const MAX_MASKERS = 1_000;
const maskers = new Map<string, Masker>();

/**
 * Masks an exchange for broadcast (PII and secrets, deterministic per partner). The result is marked as
 * masked in this process, so the session publishes it without a second (idempotent) masking pass.
 * `inPlace`: mask the exchange itself rather than a copy (see {@link publishExchange}).
 */
export function maskForBroadcast(partnerId: string, exchange: Exchange, inPlace = false): Exchange {
  let masker = maskers.get(partnerId);
  if (!masker) {
    if (maskers.size >= MAX_MASKERS) maskers.delete(maskers.keys().next().value!);
    masker = new Masker({ salt: `${SALT}:${partnerId}` });
    maskers.set(partnerId, masker);
  }
  return maskOnce(masker, exchange, inPlace);
}

/**
 * Publishes the masked exchange to the partner's session. Never throws (a broadcast problem must not fail
 * the call it describes); returns the event's sequence number, if published. `consumed`: the caller hands
 * the exchange over (nothing reads it afterwards), so it is masked in place instead of copied; replay
 * answers its caller with the unmasked exchange and must not pass it.
 */
export function publishExchange(
  app: FastifyInstance,
  log: FastifyBaseLogger,
  user: RelayUser,
  sessionId: string,
  exchange: Exchange,
  consumed = false,
): number | undefined {
  try {
    const masked = maskForBroadcast(user.partnerId, exchange, consumed);
    return app.sessions.publish(user.partnerId, sessionId, masked, user);
  } catch (e: unknown) {
    log.error({ err: asError(e), sessionId }, 'could not publish the exchange');
    return undefined;
  }
}

/** Most publishes waiting for {@link publishExchangeLater}'s next turn; beyond it, publishing is synchronous. */
export const MAX_DEFERRED_PUBLISHES = 1_024;
/** Most deferred publishes run per event-loop turn (then the loop serves I/O again). */
const DEFERRED_PER_TURN = 64;
const deferred: (() => void)[] = [];
let drainScheduled = false;

function drainDeferred(): void {
  drainScheduled = false;
  const batch = deferred.splice(0, DEFERRED_PER_TURN);
  if (deferred.length > 0) {
    drainScheduled = true;
    setImmediate(drainDeferred);
  }
  for (const run of batch) run();
}

/**
 * {@link publishExchange} off the response path, for callers that do not answer with the `seq` (the
 * pass-through): the exchange is built, masked and published on a later event-loop turn (`setImmediate`,
 * after pending I/O), in call order. The queue is bounded ({@link MAX_DEFERRED_PUBLISHES}): when it is
 * full the publish runs synchronously instead, so load slows the caller down but never loses an event.
 */
export function publishExchangeLater(
  app: FastifyInstance,
  log: FastifyBaseLogger,
  user: RelayUser,
  sessionId: string,
  build: () => Exchange,
): void {
  const run = () => {
    let exchange: Exchange;
    try {
      exchange = build();
    } catch (e: unknown) {
      log.error({ err: asError(e), sessionId }, 'could not build the exchange');
      return;
    }
    // Built for this publish only: masked in place.
    publishExchange(app, log, user, sessionId, exchange, true);
  };
  if (deferred.length >= MAX_DEFERRED_PUBLISHES) {
    run();
    return;
  }
  deferred.push(run);
  if (!drainScheduled) {
    drainScheduled = true;
    setImmediate(drainDeferred);
  }
}

/** The partner's default session (`default` when the partner is not configured). */
export function defaultSessionOf(app: FastifyInstance, partnerId: string): string {
  return app.relayConfig.partners.find((p) => p.id === partnerId)?.defaultSession ?? 'default';
}
