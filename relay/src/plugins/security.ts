/**
 * HTTP protection: security headers (@fastify/helmet), CORS for the extension and the relay's own origin
 * (@fastify/cors), and load shedding under event-loop pressure (@fastify/under-pressure, 503 +
 * `Retry-After`).
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RelayConfig } from '../config/types.ts';
import { errorEnvelope, RelayErrors } from '../errors.ts';
import { PROBE_ROUTES } from './lifecycle.ts';

/** Seconds suggested to clients shed under pressure. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 10;

/** Headers browsers may read from relay responses. */
export const EXPOSED_HEADERS = [
  'Correlation-ID',
  'X-Request-Id',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]{1,64}$/;

/**
 * Whether a browser `Origin` may call the relay with CORS: extension pages (`chrome-extension://<id>`,
 * `moz-extension://<uuid>`), the relay's own `publicUrl`, and `corsOrigins`.
 */
export function isAllowedOrigin(config: RelayConfig, origin: string): boolean {
  if (EXTENSION_ORIGIN.test(origin)) return true;
  if (origin === new URL(config.publicUrl).origin) return true;
  return (config.corsOrigins ?? []).includes(origin);
}

/**
 * under-pressure handler: 503 with `Retry-After` and the JSON envelope; probes are never shed. (Fastify
 * stops a request whose reply was sent in an `onRequest` hook.)
 *
 * A sample window without any event-loop sample is reported by under-pressure as an infinite delay; that
 * happens right after start-up (plugin registration blocks the loop for the first window) and means "not
 * measured", not "overloaded": such requests pass. The envelope is sent pre-serialized, so a route's own
 * response schema (e.g. the sandbox's Avvance error shape) cannot turn the 503 into a 500.
 */
export function shedLoad(app: FastifyInstance) {
  return (request: FastifyRequest, reply: FastifyReply, type?: string, value?: number): void => {
    if (PROBE_ROUTES.includes(request.routeOptions.url ?? '')) return;
    if (type === 'eventLoopDelay' && value !== undefined && !Number.isFinite(value)) return;
    app.metrics?.loadShed.inc();
    const err = new RelayErrors.overloaded();
    reply
      .code(err.statusCode)
      .header('Retry-After', String(OVERLOAD_RETRY_AFTER_SECONDS))
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(errorEnvelope(err.code, err.message)));
  };
}

type HelmetOptions = Parameters<typeof helmet>[1];

/**
 * The response headers @fastify/helmet sets with `options`, taken from one request to a throwaway Fastify
 * instance (so they are exactly helmet's, with no copy of its logic), minus the headers Fastify sets anyway.
 */
export async function helmetHeaders(options: HelmetOptions): Promise<Record<string, string>> {
  const probe = async (withHelmet: boolean) => {
    const app = Fastify({ logger: false });
    if (withHelmet) await app.register(helmet, options);
    app.get('/', async () => 'ok');
    const res = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    return res.headers;
  };
  const [bare, helmeted] = await Promise.all([probe(false), probe(true)]);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(helmeted)) {
    if (name in bare || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

async function security(app: FastifyInstance): Promise<void> {
  const config = app.relayConfig;
  const https = config.publicUrl.startsWith('https://');
  // Helmet's headers are the same on every response, but @fastify/helmet rebuilds the helmet middleware
  // on every request (two hooks, ~15 middlewares): compute them once and set them from one hook.
  const headers = await helmetHeaders({
    // An API plus (later) the team-session web viewer served from 'self'. No upgrade-insecure-requests:
    // the default relay is plain http on 127.0.0.1. Pages with inline code set their own nonce CSP.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
      },
    },
    // The extension reads relay responses cross-origin (CORS); CORP would only affect no-cors loads.
    crossOriginResourcePolicy: { policy: 'same-site' },
    hsts: https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin === undefined || isAllowedOrigin(config, origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
  });
  const maxEventLoopDelay = config.limits.maxEventLoopDelayMs ?? 1_000;
  if (maxEventLoopDelay > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay,
      retryAfter: OVERLOAD_RETRY_AFTER_SECONDS,
      pressureHandler: shedLoad(app),
    });
  }
}

/** Helmet, CORS and load shedding. Needs `app.relayConfig` (and uses `app.metrics` when present). */
export const securityPlugin = fp(security, {
  name: 'relay-security',
  fastify: '5.x',
  decorators: { fastify: ['relayConfig'] },
});
