/**
 * The environment variables the relay reads, each converted from text and checked against a TypeBox leaf
 * schema. docs/configuration.md documents every key with its default and an example.
 */
import type { TSchema } from 'typebox';
import { type ConfigFileInput, Leaf } from './schema.ts';

/** One environment variable: how to convert its text and where it lands in the config input. */
export interface EnvKey {
  /** Variable name, e.g. `RELAY_PORT`. */
  name: string;
  /** Schema the converted value must satisfy; its `expected` option phrases the error. */
  schema: TSchema;
  /** Converts the raw text (already trimmed, never empty). */
  convert(raw: string): unknown;
  /** Writes the checked value into the layered input (environment variables win over the file). */
  apply(input: ConfigFileInput, value: never): void;
}

const asString = (raw: string): unknown => raw;
const asInteger = (raw: string): unknown => (/^-?\d+$/.test(raw) ? Number(raw) : raw);
const asFlag = (raw: string): unknown => {
  const v = raw.toLowerCase();
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return raw;
};
const asList =
  (separator: RegExp) =>
  (raw: string): unknown =>
    raw
      .split(separator)
      .map((s) => s.trim())
      .filter((s) => s !== '');

function key<T>(
  name: string,
  schema: TSchema,
  convert: (raw: string) => unknown,
  apply: (input: ConfigFileInput, value: T) => void,
): EnvKey {
  return { name, schema, convert, apply: apply as EnvKey['apply'] };
}

/** Name of the variable that points at the JSON config file. */
export const CONFIG_FILE_ENV = 'RELAY_CONFIG_FILE';

/** Every environment variable except {@link CONFIG_FILE_ENV}, in documentation order. */
export const ENV_KEYS: readonly EnvKey[] = [
  key<string>('RELAY_HOST', Leaf.host, asString, (i, v) => {
    i.host = v;
  }),
  key<number>('RELAY_PORT', Leaf.port, asInteger, (i, v) => {
    i.port = v;
  }),
  key<string>('RELAY_PUBLIC_URL', Leaf.publicUrl, asString, (i, v) => {
    i.publicUrl = v;
  }),
  key<'local' | 'oidc'>('RELAY_MODE', Leaf.mode, asString, (i, v) => {
    i.mode = v;
  }),
  key<string>('RELAY_JWT_SECRET', Leaf.jwtSecret, asString, (i, v) => {
    i.jwt = { ...i.jwt, secret: v };
  }),
  key<number>('RELAY_JWT_TTL', Leaf.jwtTtl, asInteger, (i, v) => {
    i.jwt = { ...i.jwt, ttlSeconds: v };
  }),
  key<number>('RELAY_JWT_REFRESH_TTL', Leaf.jwtRefreshTtl, asInteger, (i, v) => {
    i.jwt = { ...i.jwt, refreshTtlSeconds: v };
  }),
  key<string>('RELAY_OIDC_ISSUER', Leaf.issuer, asString, (i, v) => {
    i.oidc = { ...i.oidc, issuer: v };
  }),
  key<string>('RELAY_OIDC_CLIENT_ID', Leaf.clientId, asString, (i, v) => {
    i.oidc = { ...i.oidc, clientId: v };
  }),
  key<string>('RELAY_OIDC_CLIENT_SECRET', Leaf.clientSecret, asString, (i, v) => {
    i.oidc = { ...i.oidc, clientSecret: v };
  }),
  key<string>('RELAY_OIDC_ROLE_CLAIM', Leaf.claim, asString, (i, v) => {
    i.oidc = { ...i.oidc, roleClaim: v };
  }),
  key<string>('RELAY_OIDC_PARTNER_CLAIM', Leaf.claim, asString, (i, v) => {
    i.oidc = { ...i.oidc, partnerClaim: v };
  }),
  key<string[]>('RELAY_OIDC_SCOPES', Leaf.scopes, asList(/\s+/), (i, v) => {
    i.oidc = { ...i.oidc, scopes: v };
  }),
  key<boolean>('RELAY_SANDBOX', Leaf.flag, asFlag, (i, v) => {
    i.sandbox = v;
  }),
  key<number>('RELAY_BODY_LIMIT', Leaf.bodyBytes, asInteger, (i, v) => {
    i.limits = { ...i.limits, bodyBytes: v };
  }),
  key<number>('RELAY_RATE_LIMIT', Leaf.ratePerMinute, asInteger, (i, v) => {
    i.limits = { ...i.limits, ratePerMinute: v };
  }),
  key<number>('RELAY_BACKLOG_EVENTS', Leaf.backlogEvents, asInteger, (i, v) => {
    i.limits = { ...i.limits, backlogEvents: v };
  }),
  key<number>('RELAY_BACKLOG_BYTES', Leaf.backlogBytes, asInteger, (i, v) => {
    i.limits = { ...i.limits, backlogBytes: v };
  }),
  key<number>('RELAY_MAX_EVENT_LOOP_DELAY', Leaf.eventLoopDelay, asInteger, (i, v) => {
    i.limits = { ...i.limits, maxEventLoopDelayMs: v };
  }),
  key<string[]>('RELAY_REPLAY_BLOCKED', Leaf.replayBlocked, asList(/,/), (i, v) => {
    i.replayBlocked = v;
  }),
  key<NonNullable<ConfigFileInput['logLevel']>>(
    'RELAY_LOG_LEVEL',
    Leaf.logLevel,
    (raw) => raw.toLowerCase(),
    (i, v) => {
      i.logLevel = v;
    },
  ),
  key<string>('RELAY_REDIS_URL', Leaf.redisUrl, asString, (i, v) => {
    i.redisUrl = v;
  }),
  key<string[]>('RELAY_CORS_ORIGINS', Leaf.corsOrigins, asList(/,/), (i, v) => {
    i.corsOrigins = v;
  }),
  key<number>('RELAY_SHUTDOWN_TIMEOUT', Leaf.shutdownTimeout, asInteger, (i, v) => {
    i.shutdownTimeoutMs = v;
  }),
  key<string>('RELAY_OTEL_EXPORTER_OTLP_ENDPOINT', Leaf.otelEndpoint, asString, (i, v) => {
    i.otel = { ...i.otel, endpoint: v };
  }),
  // The OpenTelemetry standard name (docker-compose sets it per instance).
  key<string>('OTEL_SERVICE_NAME', Leaf.otelServiceName, asString, (i, v) => {
    i.otel = { ...i.otel, serviceName: v };
  }),
];
