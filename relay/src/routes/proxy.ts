import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeRequestPath } from '../../../shared/src/openapi/index.ts';
import { RelayErrors } from '../errors.ts';
import type { RelayUser } from '../types.ts';
import { BodyLimitError, bodyOf, type CapturedBody, CaptureStream } from '../upstream/body-capture.ts';
import {
  buildExchange,
  defaultSessionOf,
  type ExchangeParts,
  publishExchange,
  publishExchangeLater,
} from '../upstream/exchange.ts';
import {
  forwardableResponseHeaders,
  headerValue,
  sanitizeRequestHeaders,
  toHeaderMap,
} from '../upstream/headers.ts';
import { PROXY_TOKEN_PREFIX, ProxyTokenStore } from '../upstream/proxy-tokens.ts';
import {
  acquirePermit,
  failureLabel,
  installRouteErrorHandler,
  observeUpstream,
  pathAllowedOn,
  registerPartnerRateLimit,
  resolveUpstream,
  settlePermitOnError,
  settlePermitOnStatus,
} from '../upstream/route-support.ts';
import { buildUpstreamUrl, checkUpstreamPath } from '../upstream/safe-path.ts';
import { isUpstreamFailure, TOKEN_PATH, type Upstream } from '../upstream/upstream.ts';

/** Header naming the session a pass-through exchange is published to (default: the partner's). */
export const SESSION_HEADER = 'x-workbench-session';
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE = '/v1/proxy/:environment/*';

/** Options of {@link proxyRoutes}. */
export interface ProxyRoutesOptions {
  /** Clock for relay-minted tokens, epoch ms. Defaults to `Date.now`. */
  now?: () => number;
}

function firstHeader(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseBasic(header: string | undefined): { key: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isTokenCall(upstream: Upstream, method: string, path: string): boolean {
  if (method !== 'POST') return false;
  const normalized = normalizeRequestPath(path).toLowerCase();
  const configured = upstream.environment.tokenUrl;
  const paths = configured ? [TOKEN_PATH, new URL(configured).pathname.toLowerCase()] : [TOKEN_PATH];
  return paths.some((p) => normalized === p || normalized.endsWith(p));
}

/** Where the upstream path starts in the raw URL: after `<prefix>/v1/proxy/<environment>`. */
function splitRawUrl(request: FastifyRequest, envName: string): string {
  const route = request.routeOptions.url ?? ROUTE;
  const base = route.slice(0, route.indexOf(':environment'));
  const raw = request.raw.url ?? '';
  const rest = raw.startsWith(base) ? raw.slice(base.length) : '';
  const slash = rest.indexOf('/');
  if (slash <= 0 || rest.slice(0, slash) !== envName) {
    throw new RelayErrors.upstreamBadPath('the environment segment must be spelled exactly as configured');
  }
  return rest.slice(slash);
}

/** Rewrites a same-origin `Location` to the pass-through; drops a cross-origin one. */
function proxiedLocation(location: string, upstreamBase: URL, proxyBase: string): string | undefined {
  let target: URL;
  try {
    target = new URL(location, upstreamBase);
  } catch {
    return undefined;
  }
  const prefix = upstreamBase.pathname.replace(/\/+$/, '');
  if (target.origin !== upstreamBase.origin || !target.pathname.startsWith(prefix)) return undefined;
  return `${proxyBase}${target.pathname.slice(prefix.length)}${target.search}`;
}

/**
 * `ALL /v1/proxy/:environment/*` (relay API key): the pass-through for a partner backend. Forwards the
 * call to the environment's upstream with the partner's token injected, streaming both bodies (the first
 * 256 KiB of each are captured), and publishes the masked exchange (source `proxy`) to the session named
 * by `X-Workbench-Session` or the partner's default. The token call is answered by the relay itself with
 * an opaque relay token, so a backend runs unchanged with no Avvance secret. See docs/relay.md.
 */
export async function proxyRoutes(app: FastifyInstance, opts: ProxyRoutesOptions = {}): Promise<void> {
  if (!app.hasDecorator('upstreams')) throw new TypeError('proxyRoutes: register upstreamPlugin first');
  const config = app.relayConfig;
  const bodyLimit = config.limits.bodyBytes;
  const tokens = new ProxyTokenStore(opts.now);
  installRouteErrorHandler(app, bodyLimit);
  await registerPartnerRateLimit(app);

  // Bodies are streamed to the upstream unparsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  async function authenticate(
    this: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const authorization = firstHeader(request, 'authorization');
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (bearer?.startsWith(PROXY_TOKEN_PREFIX) && firstHeader(request, 'x-relay-key') === undefined) {
      const user = tokens.lookup(bearer);
      if (!user) throw new RelayErrors.authKeyInvalid();
      request.user = user;
      return;
    }
    const basic = parseBasic(authorization);
    if (basic && firstHeader(request, 'x-relay-key') === undefined) {
      const env = app.upstreams.get((request.params as { environment?: string }).environment ?? '');
      const path = (request.raw.url ?? '').split('?')[0] ?? '';
      if (!env || !isTokenCall(env, request.method, path)) throw new RelayErrors.authKeyMissing();
      const owner = Object.entries(env.environment.credentials).find(
        ([, c]) => same(c.clientKey, basic.key) && same(c.clientSecret, basic.secret),
      );
      if (owner) {
        const partner = config.partners.find((p) => p.id === owner[0]);
        request.user = {
          sub: `key:${owner[0]}`,
          name: partner?.name ?? owner[0],
          role: 'developer',
          partnerId: owner[0],
        };
        return;
      }
      if (basic.secret === '') throw new RelayErrors.proxyAuthInvalid();
      // The Basic secret may be a relay API key: let the key check decide (same rules as X-Relay-Key).
      delete request.headers.authorization;
      request.headers['x-relay-key'] = basic.secret;
    }
    await app.authenticatePartnerKey.call(this, request, reply);
  }

  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
    url: ROUTE,
    preValidation: authenticate,
    handler: async (request, reply) => {
      const user = request.user;
      const envName = (request.params as { environment: string }).environment;
      const upstream = resolveUpstream(app, envName, user);
      const checked = checkUpstreamPath(splitRawUrl(request, upstream.name));
      if (!checked.ok) throw new RelayErrors.upstreamBadPath(checked.reason);
      if (!pathAllowedOn(upstream, checked.path)) {
        throw new RelayErrors.upstreamBadPath('not an Avvance API path of the embedded sandbox');
      }
      const sanitized = sanitizeRequestHeaders(request.headers);
      if (!sanitized.ok) throw new RelayErrors.upstreamBadHeader(sanitized.reason);
      const sessionHeader = firstHeader(request, SESSION_HEADER);
      const session =
        sessionHeader && SESSION_ID.test(sessionHeader)
          ? sessionHeader
          : defaultSessionOf(app, user.partnerId);
      const incomingCorrelation = firstHeader(request, 'correlation-id');
      const correlationId =
        incomingCorrelation && UUID.test(incomingCorrelation) ? incomingCorrelation : randomUUID();
      const url = buildUpstreamUrl(upstream.baseUrl(), checked.path, checked.search);
      const headers: Record<string, string> = { ...sanitized.headers, 'correlation-id': correlationId };
      const body = request.body as Readable | undefined;
      const context = { app, request, reply, upstream, user, session, url, headers, correlationId, body };
      if (isTokenCall(upstream, request.method, checked.path)) return answerToken(context, tokens);
      if (!upstream.credentialsFor(user.partnerId))
        throw new RelayErrors.upstreamNoCredentials(user.partnerId, upstream.name);
      const declared = Number(firstHeader(request, 'content-length') ?? 0);
      if (declared > bodyLimit) throw new RelayErrors.upstreamBodyTooLarge(bodyLimit);
      if (body && firstHeader(request, 'content-length') !== undefined)
        headers['content-length'] = String(declared);
      return forward(context, bodyLimit);
    },
  });
}

interface ProxyContext {
  app: FastifyInstance;
  request: FastifyRequest;
  reply: FastifyReply;
  upstream: Upstream;
  user: RelayUser;
  session: string;
  url: URL;
  headers: Record<string, string>;
  correlationId: string;
  body: Readable | undefined;
}

async function answerToken(ctx: ProxyContext, tokens: ProxyTokenStore) {
  const startedAt = Date.now();
  ctx.body?.resume();
  const minted = tokens.mint(ctx.user);
  const answer = {
    tokenType: 'BearerToken',
    expiresIn: String(minted.expiresIn),
    accessToken: minted.accessToken,
  };
  const durationMs = Date.now() - startedAt;
  publishExchangeLater(ctx.app, ctx.request.log, ctx.user, ctx.session, () =>
    buildExchange({
      source: 'proxy',
      environment: ctx.upstream.name,
      correlationId: ctx.correlationId,
      startedAt,
      waitMs: 0,
      durationMs,
      method: 'POST',
      url: ctx.url,
      requestHeaders: toHeaderMap(ctx.headers),
      requestBody: { body: 'grant_type=client_credentials', status: 'complete' },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-workbench-token': 'relay-minted' },
        body: { ...answer, accessToken: '[Redacted]' },
        bodyStatus: 'complete',
      },
      user: ctx.user,
    }),
  );
  return ctx.reply
    .header('Correlation-ID', ctx.correlationId)
    .header('X-Workbench-Token', 'relay-minted')
    .header('Cache-Control', 'no-store')
    .send(answer);
}

async function forward(ctx: ProxyContext, bodyLimit: number) {
  const { upstream, user, reply, request } = ctx;
  const reqCapture = new CaptureStream({ limitBytes: bodyLimit });
  let upload: Readable | undefined;
  if (ctx.body) {
    const source = ctx.body;
    // pipe(), not pipeline(): a failed upload must not destroy the incoming socket, so the caller still gets
    // the relay's 413/502/504 answer (Node drains the unread rest of the request).
    source.once('error', (err) => reqCapture.destroy(err));
    reqCapture.once('error', () => source.unpipe(reqCapture));
    upload = source.pipe(reqCapture);
  }
  const permit = acquirePermit(upstream, reply);
  const startedAt = Date.now();
  const t0 = performance.now();
  const base: Omit<ExchangeParts, 'durationMs' | 'requestHeaders' | 'requestBody'> = {
    source: 'proxy',
    environment: upstream.name,
    correlationId: ctx.correlationId,
    startedAt,
    method: request.method,
    url: ctx.url,
    user,
  };
  const requestBody = (): CapturedBody =>
    upload ? reqCapture.captured(headerValue(ctx.headers, 'content-type')) : { status: 'absent' };
  let res: Awaited<ReturnType<Upstream['request']>>;
  try {
    let token = await upstream.partnerToken(user.partnerId);
    res = await upstream.request({
      method: request.method,
      url: ctx.url,
      headers: { ...ctx.headers, authorization: `Bearer ${token}` },
      body: upload ?? null,
    });
    if (res.statusCode === 401 && (!upload || (reqCapture.writableFinished && !reqCapture.truncated))) {
      // One refresh after a 401; the body is resent from the capture (only when it was captured whole).
      await res.body.dump();
      upstream.invalidateToken(user.partnerId, token);
      token = await upstream.partnerToken(user.partnerId);
      res = await upstream.request({
        method: request.method,
        url: ctx.url,
        headers: { ...ctx.headers, authorization: `Bearer ${token}` },
        body: upload ? reqCapture.bytes() : null,
      });
    }
  } catch (e: unknown) {
    if (reqCapture.errored instanceof BodyLimitError) {
      permit.release();
      reply.header('Connection', 'close');
      throw new RelayErrors.upstreamBodyTooLarge(bodyLimit);
    }
    settlePermitOnError(permit, e);
    if (isUpstreamFailure(e))
      observeUpstream(ctx.app, upstream.name, 'proxy', failureLabel(e), performance.now() - t0);
    const err = e as Error;
    if ('statusCode' in err && (err as { statusCode: number }).statusCode >= 502) {
      publishExchange(
        ctx.app,
        request.log,
        user,
        ctx.session,
        buildExchange({
          ...base,
          durationMs: performance.now() - t0,
          requestHeaders: toHeaderMap({ ...ctx.headers, authorization: 'x' }),
          requestBody: requestBody(),
          error: err.message,
        }),
        true,
      );
    }
    throw e;
  }
  const waitMs = performance.now() - t0;
  settlePermitOnStatus(permit, res.statusCode);
  observeUpstream(ctx.app, upstream.name, 'proxy', res.statusCode, waitMs);
  const responseHeaders = forwardableResponseHeaders(res.headers);
  const location = responseHeaders.location;
  if (typeof location === 'string') {
    const base = request.routeOptions.url ?? ROUTE;
    const rewritten = proxiedLocation(
      location,
      upstream.baseUrl(),
      `${base.slice(0, base.indexOf(':environment'))}${upstream.name}`,
    );
    if (rewritten === undefined) {
      delete responseHeaders.location;
      request.log.warn({ environment: upstream.name }, 'dropped a cross-origin Location from the upstream');
    } else responseHeaders.location = rewritten;
  }
  const resCapture = new CaptureStream();
  let streamError: Error | undefined;
  const noBody = request.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
  // Published after the reply is done, off the response path (built, masked and encoded a turn later).
  const publish = () => {
    const durationMs = performance.now() - t0;
    const error = streamError;
    publishExchangeLater(ctx.app, request.log, user, ctx.session, () => {
      const upstreamHeaders = toHeaderMap(res.headers);
      const captured = noBody
        ? { status: 'absent' as const }
        : resCapture.captured(headerValue(upstreamHeaders, 'content-type'));
      return buildExchange({
        ...base,
        waitMs,
        durationMs,
        requestHeaders: toHeaderMap({ ...ctx.headers, authorization: 'x' }),
        requestBody: requestBody(),
        response: {
          status: res.statusCode,
          headers: upstreamHeaders,
          bodyStatus: captured.status,
          ...bodyOf(captured),
        },
        ...(error ? { error: `response body interrupted: ${error.message}` } : {}),
      });
    });
  };
  reply.raw.once('close', publish);
  reply.code(res.statusCode).headers(responseHeaders);
  if (noBody) {
    await res.body.dump();
    return reply.send();
  }
  // What stream.pipeline does, without its per-call AbortController (aborting it on finish builds a
  // DOMException with a stack trace: ~4 % of the relay's CPU under load): an upstream error ends the
  // capture with it, and a capture closed early (client gone) stops reading the upstream body.
  const upstreamBody = res.body;
  upstreamBody.once('error', (err: Error) => {
    streamError ??= err;
    resCapture.destroy(err);
  });
  resCapture.once('error', (err: Error) => {
    streamError ??= err;
  });
  resCapture.once('close', () => {
    if (!upstreamBody.readableEnded) upstreamBody.destroy();
  });
  upstreamBody.pipe(resCapture);
  return reply.send(resCapture);
}
