import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { RelayErrors } from '../errors.ts';
import { bodyOf, decodeCapturedBody } from '../upstream/body-capture.ts';
import {
  buildExchange,
  defaultSessionOf,
  type ExchangeParts,
  publishExchange,
} from '../upstream/exchange.ts';
import { hasHeader, headerValue, sanitizeRequestHeaders, toHeaderMap } from '../upstream/headers.ts';
import { ReplayPolicy } from '../upstream/replay-policy.ts';
import {
  acquirePermit,
  failureLabel,
  installRouteErrorHandler,
  observeUpstream,
  pathAllowedOn,
  registerPartnerRateLimit,
  resolveUpstream,
  sendRelayError,
  settlePermitOnError,
  settlePermitOnStatus,
} from '../upstream/route-support.ts';
import { buildUpstreamUrl, checkUpstreamPath } from '../upstream/safe-path.ts';
import { isUpstreamFailure, mapTransportError, readLimited } from '../upstream/upstream.ts';

/** Largest upstream response body returned by a replay, bytes; the rest is discarded (`discarded:too-large`). */
export const REPLAY_RESPONSE_BYTES = 5 * 1024 * 1024;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Body of `POST /v1/replay`. */
export const ReplayRequest = Type.Object(
  {
    environment: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]{1,32}$',
        description: 'Upstream environment. Defaults to the first configured.',
      }),
    ),
    method: Type.Union(
      METHODS.map((m) => Type.Literal(m)),
      { description: 'HTTP method.' },
    ),
    path: Type.String({
      minLength: 1,
      maxLength: 2048,
      description: 'Upstream path beginning with "/", optionally with "?query". No scheme, host or userinfo.',
    }),
    query: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 256 }),
        Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 100 })]),
        {
          description: 'Query parameters, appended to any query in `path`.',
        },
      ),
    ),
    headers: Type.Optional(
      Type.Record(Type.String({ maxLength: 128 }), Type.String({ maxLength: 8192 }), {
        description: 'Request headers; credentials, Host and hop-by-hop headers are dropped.',
      }),
    ),
    body: Type.Optional(Type.Unknown({ description: 'JSON value (sent as JSON) or string (sent as is).' })),
    replayOf: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Id of the exchange replayed.' }),
    ),
    session: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,64}$',
        description: "Session to publish to. Defaults to the partner's.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ReplayRequest = Static<typeof ReplayRequest>;

function encodeBody(method: string, body: unknown, headers: Record<string, string>): string | undefined {
  if (body === undefined || method === 'GET' || method === 'HEAD') return undefined;
  if (typeof body === 'string') {
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
    return body;
  }
  if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
  return JSON.stringify(body);
}

/**
 * `POST /v1/replay` (relay JWT): re-sends a call to the configured upstream of an environment with the
 * partner's credentials, and answers `{ exchange }`; the masked exchange (source `replay`) is published to
 * the caller's session. See docs/relay.md.
 */
export async function replayRoutes(app: FastifyInstance): Promise<void> {
  if (!app.hasDecorator('upstreams')) throw new TypeError('replayRoutes: register upstreamPlugin first');
  const config = app.relayConfig;
  const policy = new ReplayPolicy(config.replayBlocked);
  const bodyLimit = config.limits.bodyBytes;
  installRouteErrorHandler(app, bodyLimit);
  await registerPartnerRateLimit(app);

  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/v1/replay',
    { bodyLimit, preValidation: app.authenticate, schema: { body: ReplayRequest } },
    async (request, reply) => {
      const user = request.user;
      const input = request.body;
      const upstream = resolveUpstream(app, input.environment, user);
      const checked = checkUpstreamPath(input.path);
      if (!checked.ok) throw new RelayErrors.upstreamBadPath(checked.reason);
      if (!pathAllowedOn(upstream, checked.path)) {
        throw new RelayErrors.upstreamBadPath('not an Avvance API path of the embedded sandbox');
      }
      const sanitized = sanitizeRequestHeaders(input.headers ?? {});
      if (!sanitized.ok) throw new RelayErrors.upstreamBadHeader(sanitized.reason);
      const reason = policy.blockedReason(input.method, checked.path);
      if (reason) throw new RelayErrors.replayBlocked(`${input.method} ${checked.path}`, reason);
      if (!upstream.credentialsFor(user.partnerId))
        throw new RelayErrors.upstreamNoCredentials(user.partnerId, upstream.name);

      const url = buildUpstreamUrl(upstream.baseUrl(), checked.path, checked.search, input.query);
      const headers = sanitized.headers;
      const correlationId = randomUUID();
      headers['Correlation-ID'] = correlationId;
      if (!hasHeader(headers, 'partner-id')) headers['partner-ID'] = user.partnerId;
      if (!hasHeader(headers, 'accept')) headers.Accept = 'application/json';
      const payload = encodeBody(input.method, input.body, headers);
      const session = input.session ?? defaultSessionOf(app, user.partnerId);
      const requestBody =
        payload === undefined
          ? { status: 'absent' as const }
          : { body: input.body, status: 'complete' as const };

      const permit = acquirePermit(upstream, reply);
      const startedAt = Date.now();
      const t0 = performance.now();
      const base: Omit<ExchangeParts, 'durationMs' | 'requestHeaders'> = {
        source: 'replay',
        environment: upstream.name,
        correlationId,
        startedAt,
        method: input.method,
        url,
        requestBody,
        user,
        ...(input.replayOf !== undefined ? { replayOf: input.replayOf } : {}),
      };
      let token: string | undefined;
      try {
        let res: Awaited<ReturnType<typeof upstream.request>> | undefined;
        for (let attempt = 0; attempt < 2; attempt++) {
          token = await upstream.partnerToken(user.partnerId);
          res = await upstream.request({
            method: input.method,
            url,
            headers: { ...headers, Authorization: `Bearer ${token}` },
            body: payload ?? null,
          });
          if (res.statusCode !== 401 || attempt === 1) break;
          // One refresh after a 401: the cached token may have been revoked upstream.
          await res.body.dump();
          upstream.invalidateToken(user.partnerId, token);
        }
        const answered = res!;
        const waitMs = performance.now() - t0;
        const { bytes, truncated } = await readLimited(answered.body, REPLAY_RESPONSE_BYTES).catch(
          (err: unknown) => {
            throw mapTransportError(err, upstream.name, upstream.environment.timeoutMs);
          },
        );
        settlePermitOnStatus(permit, answered.statusCode);
        observeUpstream(app, upstream.name, 'replay', answered.statusCode, waitMs);
        const responseHeaders = scrubHeaders(toHeaderMap(answered.headers), token);
        const captured = decodeCapturedBody(
          scrub(bytes, token),
          headerValue(responseHeaders, 'content-type'),
          truncated,
        );
        const exchange = buildExchange({
          ...base,
          waitMs,
          durationMs: performance.now() - t0,
          requestHeaders: toHeaderMap({ ...headers, Authorization: 'x' }),
          response: {
            status: answered.statusCode,
            headers: responseHeaders,
            bodyStatus: captured.status,
            ...bodyOf(captured),
          },
        });
        const sequence = publishExchange(app, request.log, user, session, exchange);
        request.log.info(
          {
            upstream: {
              environment: upstream.name,
              status: answered.statusCode,
              ms: Math.round(performance.now() - t0),
            },
          },
          'replayed',
        );
        return { exchange, ...(sequence !== undefined ? { published: { session, sequence } } : {}) };
      } catch (e: unknown) {
        settlePermitOnError(permit, e);
        const err = e as FastifyError;
        if (isUpstreamFailure(e))
          observeUpstream(app, upstream.name, 'replay', failureLabel(e), performance.now() - t0);
        if (err.code !== 'RELAY_ERR_UPSTREAM_TIMEOUT' && err.code !== 'RELAY_ERR_UPSTREAM_UNREACHABLE')
          throw e;
        // The call was attempted: the caller and the session see it as an exchange with an error.
        const exchange = buildExchange({
          ...base,
          durationMs: performance.now() - t0,
          requestHeaders: toHeaderMap(token ? { ...headers, Authorization: 'x' } : headers),
          error: err.message,
        });
        publishExchange(app, request.log, user, session, exchange);
        return sendRelayError(reply, err, { exchange });
      }
    },
  );
}

/** Removes the partner token from response header values, should an upstream ever echo it. */
function scrubHeaders<T extends Record<string, string>>(headers: T, token: string | undefined): T {
  if (!token || token.length < 8) return headers;
  for (const [name, value] of Object.entries(headers)) {
    if (value.includes(token))
      (headers as Record<string, string>)[name] = value.split(token).join('[Redacted]');
  }
  return headers;
}

/** Removes the partner token from a response body, should an upstream ever echo it. */
function scrub(bytes: Buffer, token: string | undefined): Buffer {
  if (!token || token.length < 8 || !bytes.includes(token)) return bytes;
  return Buffer.from(bytes.toString('utf8').split(token).join('[Redacted]'));
}
