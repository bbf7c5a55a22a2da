/**
 * TypeBox schemas of the relay's configuration input: the JSON config file, and each environment variable
 * after conversion. Each leaf carries an `expected` phrase used in error messages
 * (`RELAY_PORT: expected an integer 0-65535, got "abc"`); `secret: true` leaves are never echoed.
 */
import Type, { type Static, type TInteger } from 'typebox';

const ORIGIN = '^https?://[^/?#\\s@]+/?$';
const HTTP_URL = '^https?://[^\\s@?#]+(\\?[^\\s#]*)?$';

function int(min: number, max: number, what = 'an integer'): TInteger {
  return Type.Integer({ minimum: min, maximum: max, expected: `${what} ${min}-${max}` });
}

/** A secret given inline or as `{ "env": "VAR_NAME" }` (resolved from the environment at load time). */
export const SecretInput = Type.Union(
  [
    Type.String({ minLength: 1 }),
    Type.Object(
      { env: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }) },
      { additionalProperties: false },
    ),
  ],
  { expected: 'a non-empty string or { "env": "VAR_NAME" }', secret: true },
);
export type SecretInput = Static<typeof SecretInput>;

/** Leaf schemas shared by the file and the environment variables. */
export const Leaf = {
  host: Type.String({
    pattern: '^[A-Za-z0-9.:%\\[\\]-]{1,253}$',
    expected: 'a host name or IP address such as 127.0.0.1',
  }),
  port: int(0, 65535),
  publicUrl: Type.String({
    pattern: ORIGIN,
    expected: 'an http(s) origin such as https://relay.example.com',
  }),
  mode: Type.Union([Type.Literal('local'), Type.Literal('oidc')], { expected: '"local" or "oidc"' }),
  jwtSecret: Type.String({ minLength: 32, expected: 'a secret of at least 32 characters', secret: true }),
  jwtTtl: int(60, 86_400, 'a number of seconds'),
  jwtRefreshTtl: int(300, 2_592_000, 'a number of seconds'),
  issuer: Type.String({
    pattern: HTTP_URL,
    expected: 'an http(s) issuer URL such as https://login.example.com',
  }),
  clientId: Type.String({ minLength: 1, maxLength: 512, expected: 'a non-empty client id' }),
  clientSecret: Type.String({ minLength: 1, expected: 'a non-empty client secret', secret: true }),
  claim: Type.String({
    pattern: '^[A-Za-z0-9_:./-]{1,128}$',
    expected: 'a claim name such as avvance_role (letters, digits, _ : . / -)',
  }),
  scopes: Type.Array(Type.String({ pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}$' }), {
    minItems: 1,
    expected: 'space-separated OAuth scopes including openid',
  }),
  configFile: Type.String({ minLength: 1, expected: 'a path to a JSON file' }),
  bodyBytes: int(1_024, 104_857_600, 'a number of bytes'),
  ratePerMinute: int(1, 1_000_000, 'a number of requests per minute'),
  backlogEvents: int(1, 1_000_000, 'a number of events'),
  backlogBytes: int(1_024, 1_073_741_824, 'a number of bytes'),
  eventLoopDelay: int(0, 60_000, 'a number of milliseconds'),
  shutdownTimeout: int(0, 600_000, 'a number of milliseconds'),
  logLevel: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { expected: 'one of fatal, error, warn, info, debug, trace, silent' },
  ),
  redisUrl: Type.String({
    pattern: '^rediss?://[^\\s]+$',
    expected: 'a redis:// or rediss:// URL',
    secret: true,
  }),
  otelEndpoint: Type.String({
    pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
    maxLength: 2_048,
    expected: 'an http(s) OTLP/HTTP base URL such as http://collector:4318',
  }),
  otelServiceName: Type.String({
    pattern: '^[\\x21-\\x7e]{1,128}$',
    expected: 'a service name of 1-128 printable characters without spaces',
  }),
  flag: Type.Boolean({ expected: '0, 1, true or false' }),
  corsOrigins: Type.Array(
    Type.String({
      pattern: '^(https?|chrome-extension|moz-extension)://[^/?#\\s]+$',
      expected: 'an origin such as https://app.example.com or chrome-extension://<id>',
    }),
    { expected: 'comma-separated origins' },
  ),
  replayBlocked: Type.Array(
    Type.String({
      pattern: '^(GET|POST|PUT|PATCH|DELETE) /\\S*$',
      expected: 'an endpoint as "METHOD /path"',
    }),
  ),
};

/**
 * Webhook settings per `type`. The file schema only checks `type`; the branch is then checked on its own,
 * so that a mistake gets one message about the chosen type rather than one per union branch.
 */
export const WEBHOOK_SCHEMAS = {
  basic: Type.Object(
    { type: Type.Literal('basic'), username: Type.String({ minLength: 1 }), password: SecretInput },
    { additionalProperties: false },
  ),
  bearer: Type.Object({ type: Type.Literal('bearer'), token: SecretInput }, { additionalProperties: false }),
  hmac: Type.Object(
    {
      type: Type.Literal('hmac'),
      secret: SecretInput,
      toleranceSeconds: Type.Optional(int(1, 3_600, 'a number of seconds')),
      timestamped: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
};

const Webhook = Type.Object(
  {
    type: Type.Union([Type.Literal('basic'), Type.Literal('bearer'), Type.Literal('hmac')], {
      expected: '"basic", "bearer" or "hmac"',
    }),
  },
  { additionalProperties: true },
);

/** A partner's webhook settings, once checked against its type's schema. */
export type WebhookInput =
  | Static<typeof WEBHOOK_SCHEMAS.basic>
  | Static<typeof WEBHOOK_SCHEMAS.bearer>
  | Static<typeof WEBHOOK_SCHEMAS.hmac>;

/** One upstream environment in the config file. */
export const EnvironmentInput = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9-]{1,32}$', expected: 'a name of 1-32 characters [a-z0-9-]' }),
    baseUrl: Type.String({
      pattern: `^(embedded|https?://[^\\s@?#]+)$`,
      expected: '"embedded" or an http(s) URL such as https://alpha-api2.usbank.com',
    }),
    tokenUrl: Type.Optional(Type.String({ pattern: HTTP_URL, expected: 'an http(s) URL' })),
    production: Type.Optional(Type.Boolean({ expected: 'true or false' })),
    credentials: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object({ clientKey: SecretInput, clientSecret: SecretInput }, { additionalProperties: false }),
      ),
    ),
    timeoutMs: Type.Optional(int(100, 300_000, 'a number of milliseconds')),
  },
  { additionalProperties: false },
);

/** One partner in the config file. */
export const PartnerInput = Type.Object(
  {
    id: Type.String({
      pattern: '^[A-Za-z0-9._-]{1,64}$',
      expected: 'a partner id of 1-64 characters [A-Za-z0-9._-]',
    }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    apiKeys: Type.Optional(Type.Array(SecretInput)),
    webhook: Type.Optional(Webhook),
    webhookForwardUrl: Type.Optional(Type.String({ pattern: HTTP_URL, expected: 'an http(s) URL' })),
    defaultSession: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,64}$',
        expected: 'a session name of 1-64 characters [A-Za-z0-9_-]',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The JSON config file (`RELAY_CONFIG_FILE`). Every key optional; environment variables win. */
export const ConfigFileInput = Type.Object(
  {
    host: Type.Optional(Leaf.host),
    port: Type.Optional(Leaf.port),
    publicUrl: Type.Optional(Leaf.publicUrl),
    mode: Type.Optional(Leaf.mode),
    jwt: Type.Optional(
      Type.Object(
        {
          secret: Type.Optional(SecretInput),
          ttlSeconds: Type.Optional(Leaf.jwtTtl),
          refreshTtlSeconds: Type.Optional(Leaf.jwtRefreshTtl),
        },
        { additionalProperties: false },
      ),
    ),
    oidc: Type.Optional(
      Type.Object(
        {
          issuer: Type.Optional(Leaf.issuer),
          clientId: Type.Optional(Leaf.clientId),
          clientSecret: Type.Optional(SecretInput),
          roleClaim: Type.Optional(Leaf.claim),
          partnerClaim: Type.Optional(Leaf.claim),
          scopes: Type.Optional(Leaf.scopes),
        },
        { additionalProperties: false },
      ),
    ),
    environments: Type.Optional(Type.Array(EnvironmentInput, { minItems: 1 })),
    partners: Type.Optional(Type.Array(PartnerInput, { minItems: 1 })),
    sandbox: Type.Optional(Leaf.flag),
    limits: Type.Optional(
      Type.Object(
        {
          bodyBytes: Type.Optional(Leaf.bodyBytes),
          ratePerMinute: Type.Optional(Leaf.ratePerMinute),
          backlogEvents: Type.Optional(Leaf.backlogEvents),
          backlogBytes: Type.Optional(Leaf.backlogBytes),
          maxEventLoopDelayMs: Type.Optional(Leaf.eventLoopDelay),
        },
        { additionalProperties: false },
      ),
    ),
    replayBlocked: Type.Optional(Leaf.replayBlocked),
    logLevel: Type.Optional(Leaf.logLevel),
    redisUrl: Type.Optional(SecretInput),
    corsOrigins: Type.Optional(Leaf.corsOrigins),
    shutdownTimeoutMs: Type.Optional(Leaf.shutdownTimeout),
    otel: Type.Optional(
      Type.Object(
        {
          endpoint: Type.Optional(Leaf.otelEndpoint),
          serviceName: Type.Optional(Leaf.otelServiceName),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ConfigFileInput = Static<typeof ConfigFileInput>;
export type EnvironmentInput = Static<typeof EnvironmentInput>;
export type PartnerInput = Static<typeof PartnerInput>;
