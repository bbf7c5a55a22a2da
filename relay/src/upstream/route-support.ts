import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { backplaneRedis } from '../backplane/plugin.ts';
import { errorEnvelope, RelayErrors } from '../errors.ts';
import type { RelayUser } from '../types.ts';
import type { BreakerPermit } from './circuit-breaker.ts';
import { isUpstreamFailure, type Upstream } from './upstream.ts';

/** Rate-limit window of replay and the pass-through, ms (the limit is `limits.ratePerMinute`). */
export const RATE_WINDOW_MS = 60_000;

/**
 * Path prefixes reachable on the embedded sandbox. The embedded upstream is the relay itself, so anything
 * else (`/v1/…`, `/metrics`…) would reach relay routes: refused.
 */
export const EMBEDDED_PREFIXES = ['/poslp/', '/sandbox/', '/usl/', '/auth/'] as const;

/** Sends a relay error as the JSON envelope (plus any extra fields, e.g. the failed exchange). */
export function sendRelayError(
  reply: FastifyReply,
  err: FastifyError,
  extra?: Record<string, unknown>,
): FastifyReply {
  return reply
    .code(err.statusCode ?? 500)
    .type('application/json')
    .send({ ...errorEnvelope(err.code, err.message), ...extra });
}

/**
 * The route scope's error handler: relay errors keep their code, status and message (including the
 * deliberate 502/503/504 of upstream failures, which the root handler would turn into a generic 500),
 * body-limit and validation errors get relay codes, anything else is a logged generic 500.
 */
export function installRouteErrorHandler(scope: FastifyInstance, bodyLimit: number): void {
  scope.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendRelayError(reply, new RelayErrors.upstreamBodyTooLarge(bodyLimit));
    if (err.validation) {
      return reply.code(400).send(errorEnvelope('RELAY_ERR_VALIDATION', err.message));
    }
    const status = err.statusCode ?? 500;
    if (typeof err.code === 'string' && err.code.startsWith('RELAY_ERR_') && status >= 400) {
      return sendRelayError(reply, err);
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorEnvelope(err.code ?? 'RELAY_ERR_BAD_REQUEST', err.message));
    }
    request.log.error({ err }, 'request failed');
    return sendRelayError(reply, new RelayErrors.internal());
  });
}

/**
 * Per-partner rate limit on the scope's routes (@fastify/rate-limit, `limits.ratePerMinute` per partner
 * per route, keyed by the authenticated partner): runs at `preHandler`, after authentication; 429 with
 * `Retry-After` and the draft-standard `RateLimit-*` headers.
 */
export async function registerPartnerRateLimit(scope: FastifyInstance): Promise<void> {
  await scope.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: scope.relayConfig.limits.ratePerMinute,
    timeWindow: RATE_WINDOW_MS,
    enableDraftSpec: true,
    // Shared by every instance when the Redis backplane is configured; Redis away: requests pass.
    ...(backplaneRedis(scope) ? { redis: backplaneRedis(scope), skipOnError: true } : {}),
    keyGenerator: (request: FastifyRequest) => `partner:${request.user?.partnerId ?? `ip:${request.ip}`}`,
    errorResponseBuilder: (_request, context) => new RelayErrors.rateLimited(context.after),
    onExceeded: (request: FastifyRequest) => {
      if (scope.hasDecorator('metrics'))
        scope.metrics.rateLimited.inc({ route: request.routeOptions.url ?? 'unmatched' });
    },
  });
}

/** The environment a caller asked for (default: the first configured), with the production rule applied. */
export function resolveUpstream(app: FastifyInstance, name: string | undefined, user: RelayUser): Upstream {
  const names = app.upstreams.names();
  const wanted = name ?? names[0] ?? '';
  const upstream = app.upstreams.get(wanted);
  if (!upstream) throw new RelayErrors.upstreamUnknownEnvironment(wanted, names.join(', '));
  if (upstream.environment.production && user.role !== 'admin') {
    throw new RelayErrors.authForbiddenEnvironment(upstream.name);
  }
  return upstream;
}

/** Asks the breaker for a call; throws 503 (and sets `Retry-After`) while it is open. */
export function acquirePermit(upstream: Upstream, reply: FastifyReply): BreakerPermit {
  const decision = upstream.breaker.acquire();
  if (decision.ok) return decision.permit;
  const seconds = Math.ceil(decision.retryAfterMs / 1000);
  reply.header('Retry-After', String(seconds));
  throw new RelayErrors.upstreamCircuitOpen(upstream.name, seconds);
}

/** Reports a failed call's outcome to the breaker. */
export function settlePermitOnError(permit: BreakerPermit, err: unknown): void {
  if (isUpstreamFailure(err)) permit.failure();
  else permit.release();
}

/** Reports an answered call's outcome to the breaker (5xx counts as a failure). */
export function settlePermitOnStatus(permit: BreakerPermit, status: number): void {
  if (status >= 500) permit.failure();
  else permit.success();
}

/** True when `path` (already checked) may be sent to this upstream. */
export function pathAllowedOn(upstream: Upstream, path: string): boolean {
  if (!upstream.embedded) return true;
  const lower = path.toLowerCase();
  return EMBEDDED_PREFIXES.some((p) => lower.startsWith(p));
}

/** Records one upstream call in `relay_upstream_duration_seconds`, when the metrics plugin is registered. */
export function observeUpstream(
  app: FastifyInstance,
  environment: string,
  source: 'replay' | 'proxy' | 'token',
  status: number | 'timeout' | 'error',
  ms: number,
): void {
  if (app.hasDecorator('metrics'))
    app.metrics.upstreamDuration.observe({ environment, source, status: String(status) }, ms / 1000);
}

/** The metrics label for a failed call. */
export function failureLabel(err: unknown): 'timeout' | 'error' {
  return (err as { code?: string })?.code === 'RELAY_ERR_UPSTREAM_TIMEOUT' ? 'timeout' : 'error';
}
