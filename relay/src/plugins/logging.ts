/**
 * pino settings of the relay: JSON logs whose request id is the caller's `Correlation-ID` (when it is a
 * UUID), explicit redaction paths, and a request serializer that never logs the query string (WebSocket
 * upgrades carry `access_token` there) nor headers.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

/** Header whose UUID value becomes the request id (`reqId` in every log line of the request). */
export const CORRELATION_ID_HEADER = 'correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Redaction paths, fixed at start-up, explicit (no wildcards, never built from input). They cover what any
 * plugin might log by mistake: request/response headers, token bodies, partner credentials, the config.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-relay-key"]',
  'req.headers["x-api-key"]',
  'req.headers["x-webhook-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["proxy-authorization"]',
  'headers["x-relay-key"]',
  'headers["x-api-key"]',
  'headers["x-webhook-signature"]',
  'request.headers.authorization',
  'request.headers.cookie',
  'request.headers["x-relay-key"]',
  'response.headers["set-cookie"]',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'apiKey',
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'body.accessToken',
  'body.refreshToken',
  'body.access_token',
  'body.refresh_token',
  'body.clientSecret',
  'body.client_secret',
  'body.password',
  'credentials.clientKey',
  'credentials.clientSecret',
  'config.jwt.secret',
  'config.oidc.clientSecret',
  'config.redisUrl',
];

/** Text that replaces redacted values. */
export const REDACTED = '[Redacted]';

/** Request id: the incoming `Correlation-ID` when it is a UUID (lower-cased), else a fresh UUID. */
export function genReqId(req: IncomingMessage): string {
  const sent = req.headers[CORRELATION_ID_HEADER];
  return typeof sent === 'string' && UUID.test(sent) ? sent.toLowerCase() : randomUUID();
}

/** The path of a request URL without its query string or fragment (tokens travel there). */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

interface SerializableRequest {
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
  socket?: { remoteAddress?: string; remotePort?: number };
  ip?: string;
}

/** pino serializers: `req` without query string or headers; `res` with its status only. */
export const LOG_SERIALIZERS = {
  req(req: SerializableRequest) {
    return {
      method: req.method,
      url: pathOnly(req.url),
      ...(req.routeOptions?.url ? { route: req.routeOptions.url } : {}),
      remoteAddress: req.ip ?? req.socket?.remoteAddress,
      remotePort: req.socket?.remotePort,
    };
  },
  res(res: { statusCode?: number }) {
    return { statusCode: res.statusCode };
  },
};

/** Logger settings of {@link loggerOptions}. */
export interface RelayLoggerSettings {
  /** pino level. Defaults to `info`. */
  level?: string;
  /** Destination (tests capture the JSON lines). Defaults to stdout. */
  stream?: { write(line: string): void };
}

/** Fastify `logger` option: pino JSON with the relay's redaction and serializers. */
export function loggerOptions(
  settings: RelayLoggerSettings = {},
): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: settings.level ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: LOG_SERIALIZERS,
    ...(settings.stream ? { stream: settings.stream } : {}),
  };
}
