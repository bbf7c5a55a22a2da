import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type AvvanceErrorKey,
  avvanceErrorBody,
  findOperation,
  getOperation,
  type OperationInfo,
} from '../../../shared/src/openapi/index.ts';
import { authenticateBearer, authenticateClient } from './auth.ts';
import { createSandboxCore, type SandboxCore } from './core.ts';
import { AvvanceReplyError, TokenReplyError } from './errors.ts';
import { applyFault, FaultResources } from './faults.ts';
import { checkCorrelationId, checkRequiredHeaders, readHeader, UUID_PATTERN } from './headers.ts';
import { hostedPageRoutes } from './hosted-page.ts';
import type { SandboxOptions } from './options.ts';
import { stateOf } from './request-context.ts';
import { authRoutes } from './routes/auth.ts';
import { controlRoutes } from './routes/control.ts';
import { financingRoutes } from './routes/financing.ts';
import { merchantRoutes } from './routes/merchant.ts';
import { offerRoutes } from './routes/offers.ts';
import { reportingRoutes } from './routes/reporting.ts';
import { validationToAvvance, validationToOAuth } from './validation.ts';

/** Options of {@link sandboxPlugin}: {@link SandboxOptions}, or a ready engine (tests). */
export interface SandboxPluginOptions extends SandboxOptions {
  /** Use this engine instead of creating one from the other options. */
  core?: SandboxCore;
}

/** Route `config` of sandbox routes: the operation of the shared OpenAPI index they implement. */
export interface SandboxRouteConfig {
  operationId: string;
}

/** Prefixes under which unknown paths answer Avvance's 404/405 envelope. */
const OWNED_PREFIXES = ['/poslp', '/sandbox', '/auth', '/usl'] as const;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

const STATUS_KEYS: Readonly<Record<number, AvvanceErrorKey>> = {
  401: 'unauthorized',
  404: 'notFound',
  405: 'methodNotAllowed',
  429: 'tooManyRequests',
  503: 'serviceUnavailable',
};

const TRANSPORT_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Invalid Content-Length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body missing',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Malformed JSON body',
};

function operationOf(request: FastifyRequest): OperationInfo | undefined {
  const id = (request.routeOptions.config as Partial<SandboxRouteConfig> | undefined)?.operationId;
  return id ? getOperation(id) : undefined;
}

function sendToken(reply: FastifyReply, status: number, message: string): FastifyReply {
  if (status === 401) reply.header('WWW-Authenticate', 'Basic realm="Avvance"');
  return reply
    .code(status)
    .type('application/json')
    .send({ error: { code: String(status), message } });
}

function errorHandler(
  core: SandboxCore,
  err: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const tokenRoute = operationOf(request)?.security === 'basic';
  if (err instanceof TokenReplyError) return sendToken(reply, err.statusCode, err.oauthError);
  if (tokenRoute && (err.validation || (err.statusCode ?? 500) < 500))
    return sendToken(reply, 400, err.validation ? validationToOAuth(err.validation) : 'invalid_request');
  let avvance: AvvanceReplyError;
  if (err instanceof AvvanceReplyError) avvance = err;
  else if (err.validation) avvance = validationToAvvance(err.validation, err.validationContext ?? 'body');
  else if (err.statusCode !== undefined && STATUS_KEYS[err.statusCode]) {
    // Relay-wide protections (rate limit, overload) keep their status, in Avvance's envelope.
    avvance = new AvvanceReplyError(STATUS_KEYS[err.statusCode]!, { message: err.message });
  } else if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    // Body too large, bad media type, malformed JSON…: Avvance's gateway answers 400 Invalid Request.
    avvance = new AvvanceReplyError('invalidRequest', {
      message: TRANSPORT_MESSAGES[err.code] ?? 'Invalid Request',
    });
  } else {
    request.log.error({ err }, 'sandbox route failed');
    avvance = new AvvanceReplyError('subsystemUnavailable');
  }
  if (avvance.statusCode === 401) reply.header('WWW-Authenticate', 'Bearer realm="Avvance"');
  return reply
    .code(avvance.statusCode)
    .type('application/json')
    .send(avvanceErrorBody(avvance.key, { at: new Date(core.clock.now()), ...avvance.options }));
}

function notFoundHandler(core: SandboxCore, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const at = new Date(core.clock.now());
  const path = request.url.split('?')[0] ?? '/';
  const allowed = METHODS.filter((m) => {
    const match = findOperation(m, path);
    return (
      match !== undefined && match.prefix === '' && match.path.split('/').length === path.split('/').length
    );
  });
  if (allowed.length > 0 && !allowed.includes(request.method as (typeof METHODS)[number])) {
    reply.header('Allow', allowed.join(', '));
    return reply.code(405).send(avvanceErrorBody('methodNotAllowed', { at }));
  }
  return reply
    .code(404)
    .send(avvanceErrorBody('notFound', { at, message: `No resource at ${request.method} ${path}` }));
}

/**
 * The embedded Avvance sandbox: Avvance's real partner API paths (`/auth/oauth2/v1/token`,
 * `/poslp/services/...`), the simulated hosted application page (`/usl/avvance-installment-loans`) and the
 * control plane (`/sandbox/v1/...`). Register it at the root. Encapsulated: its error handler, parsers and
 * hooks apply to its own routes only. See docs/sandbox.md.
 */
export async function sandboxPlugin(app: FastifyInstance, opts: SandboxPluginOptions): Promise<void> {
  const { core: given, ...options } = opts;
  const core = given ?? createSandboxCore(options);
  const faults = new FaultResources();
  core.setLogger(app.log.child({ module: 'sandbox' }));
  app.addHook('onClose', async () => {
    core.close();
    faults.close();
  });

  const bodyLimit = core.options.limits.bodyLimit;
  const preflightUrls = new Set<string>();
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= bodyLimit;
    if (route.method !== 'OPTIONS' && route.method !== 'HEAD') preflightUrls.add(route.url);
  });

  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AvvanceReplyError('invalidRequest', { message: 'Malformed JSON body' }), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((err: FastifyError, request, reply) => errorHandler(core, err, request, reply));

  app.addHook('onRequest', async (request, reply) => {
    const state = stateOf(request);
    const sent = readHeader(request, 'correlation-id');
    state.correlationId = sent && UUID_PATTERN.test(sent) ? sent : randomUUID();
    const op = operationOf(request);
    if (!op) return;
    if (op.operationId !== 'sandboxGetHostedApplication' && core.options.faults.enabled) {
      const fault = await applyFault(request, reply, {
        always: core.options.faults.always,
        timeoutMs: core.options.faults.timeoutMs,
        tokenShape: op.security === 'basic',
        resources: faults,
        now: core.clock.now(),
      });
      if (reply.sent) return reply;
      if (fault?.malformedJson) state.fault = fault;
    }
    if (op.security === 'basic') state.partner = authenticateClient(core, request);
    if (op.security === 'bearer') state.partner = authenticateBearer(core, request);
    const correlation = op.headerParams.find((p) => p.name === 'Correlation-ID');
    checkCorrelationId(request, correlation?.required ?? false);
    if (op.security === 'bearer') checkRequiredHeaders(request, op);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('Correlation-ID', stateOf(request).correlationId || randomUUID());
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Expose-Headers', 'Correlation-ID, Retry-After');
    if (stateOf(request).fault?.malformedJson && typeof payload === 'string') {
      // Cut inside the JSON so that every parser fails, whatever the body.
      return payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
    }
    return payload;
  });

  await app.register(authRoutes, { core });
  await app.register(financingRoutes, { core });
  await app.register(reportingRoutes, { core });
  await app.register(offerRoutes, { core });
  await app.register(merchantRoutes, { core });
  await app.register(controlRoutes, { core });
  await app.register(hostedPageRoutes, { core });

  // CORS preflight for every sandbox path: browsers call price-breakdown, pre-approval and the hosted page's
  // control endpoints cross-origin.
  await app.register(async (scope) => {
    for (const url of preflightUrls) {
      scope.options(url, async (request, reply) => {
        reply.header('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
        reply.header(
          'Access-Control-Allow-Headers',
          readHeader(request, 'access-control-request-headers') ??
            'Authorization, Content-Type, Correlation-ID, partner-ID, Merchant-ID, X-Sandbox-Fault',
        );
        reply.header('Access-Control-Max-Age', '600');
        return reply.code(204).send();
      });
    }
  });
  for (const prefix of OWNED_PREFIXES) {
    await app.register(
      async (scope) => scope.setNotFoundHandler((request, reply) => notFoundHandler(core, request, reply)),
      { prefix },
    );
  }
}
