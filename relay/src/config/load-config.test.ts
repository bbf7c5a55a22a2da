import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_PARTNER } from '../sandbox/credentials.ts';
import { DEFAULT_LOCAL_API_KEY, DEFAULT_WEBHOOK_BASIC } from './defaults.ts';
import { ENV_KEYS } from './env-keys.ts';
import { defaultConfig, loadConfig } from './load-config.ts';

const SECRET = 'x'.repeat(32);
const OIDC_ENV = {
  RELAY_MODE: 'oidc',
  RELAY_JWT_SECRET: SECRET,
  RELAY_OIDC_ISSUER: 'https://login.example.com',
  RELAY_OIDC_CLIENT_ID: 'relay',
  RELAY_OIDC_CLIENT_SECRET: 'client-secret',
};

const dir = mkdtempSync(join(tmpdir(), 'relay-config-'));
function file(content: unknown, name = `c${Math.random().toString(36).slice(2)}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function errorsOf(env: Record<string, string>, path?: string): string[] {
  const result = loadConfig({ env, ...(path ? { file: path } : {}) });
  return result.ok ? [] : result.errors;
}

function configOf(env: Record<string, string>, path?: string) {
  const result = loadConfig({ env, ...(path ? { file: path } : {}) });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('loadConfig defaults', () => {
  it('is local mode against the embedded sandbox with its public test partner', () => {
    const config = configOf({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      publicUrl: 'http://127.0.0.1:8787',
      mode: 'local',
      sandbox: true,
      logLevel: 'info',
      jwt: { ttlSeconds: 900, refreshTtlSeconds: 28_800 },
      limits: { bodyBytes: 1_048_576, ratePerMinute: 600, backlogEvents: 1000, backlogBytes: 8 * 1_048_576 },
      replayBlocked: [],
    });
    expect(config.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(config.environments).toEqual([
      {
        name: 'sandbox',
        baseUrl: 'embedded',
        production: false,
        timeoutMs: 10_000,
        credentials: {
          [DEFAULT_SANDBOX_PARTNER.partnerId]: {
            clientKey: DEFAULT_SANDBOX_PARTNER.clientKey,
            clientSecret: DEFAULT_SANDBOX_PARTNER.clientSecret,
          },
        },
      },
    ]);
    expect(config.partners).toEqual([
      {
        id: 'partner-org-name',
        name: 'Sandbox partner (partner-org-name)',
        apiKeys: [DEFAULT_LOCAL_API_KEY],
        webhook: { type: 'basic', ...DEFAULT_WEBHOOK_BASIC },
        defaultSession: 'default',
      },
    ]);
    expect(DEFAULT_LOCAL_API_KEY).toBe('rk_local_partner-org-name');
    expect(config.oidc).toBeUndefined();
  });

  it('generates a different random JWT secret per load in local mode', () => {
    expect(defaultConfig().jwt.secret).not.toBe(defaultConfig().jwt.secret);
  });
});

// One row per environment variable: a valid value (and what it becomes) and an invalid one (and the message).
const ROWS: [
  name: string,
  valid: string,
  check: (c: ReturnType<typeof configOf>) => unknown,
  expected: unknown,
  invalid: string,
  message: string,
][] = [
  [
    'RELAY_HOST',
    '0.0.0.0',
    (c) => c.host,
    '0.0.0.0',
    'bad host!',
    'RELAY_HOST: expected a host name or IP address such as 127.0.0.1, got "bad host!"',
  ],
  ['RELAY_PORT', '9000', (c) => c.port, 9000, 'abc', 'RELAY_PORT: expected an integer 0-65535, got "abc"'],
  [
    'RELAY_PUBLIC_URL',
    'https://relay.example.com/',
    (c) => c.publicUrl,
    'https://relay.example.com',
    'ftp://x',
    'RELAY_PUBLIC_URL: expected an http(s) origin such as https://relay.example.com, got "ftp://x"',
  ],
  [
    'RELAY_MODE',
    'local',
    (c) => c.mode,
    'local',
    'ldap',
    'RELAY_MODE: expected "local" or "oidc", got "ldap"',
  ],
  [
    'RELAY_JWT_SECRET',
    SECRET,
    (c) => c.jwt.secret,
    SECRET,
    'short',
    'RELAY_JWT_SECRET: expected a secret of at least 32 characters, got a value of 5 characters',
  ],
  [
    'RELAY_JWT_TTL',
    '600',
    (c) => c.jwt.ttlSeconds,
    600,
    '15m',
    'RELAY_JWT_TTL: expected a number of seconds 60-86400, got "15m"',
  ],
  [
    'RELAY_JWT_REFRESH_TTL',
    '3600',
    (c) => c.jwt.refreshTtlSeconds,
    3600,
    '10',
    'RELAY_JWT_REFRESH_TTL: expected a number of seconds 300-2592000, got "10"',
  ],
  [
    'RELAY_SANDBOX',
    'true',
    (c) => c.sandbox,
    true,
    'yes',
    'RELAY_SANDBOX: expected 0, 1, true or false, got "yes"',
  ],
  [
    'RELAY_BODY_LIMIT',
    '2048',
    (c) => c.limits.bodyBytes,
    2048,
    '1.5',
    'RELAY_BODY_LIMIT: expected a number of bytes 1024-104857600, got "1.5"',
  ],
  [
    'RELAY_RATE_LIMIT',
    '60',
    (c) => c.limits.ratePerMinute,
    60,
    '0',
    'RELAY_RATE_LIMIT: expected a number of requests per minute 1-1000000, got "0"',
  ],
  [
    'RELAY_BACKLOG_EVENTS',
    '50',
    (c) => c.limits.backlogEvents,
    50,
    '-1',
    'RELAY_BACKLOG_EVENTS: expected a number of events 1-1000000, got "-1"',
  ],
  [
    'RELAY_BACKLOG_BYTES',
    '4096',
    (c) => c.limits.backlogBytes,
    4096,
    '1',
    'RELAY_BACKLOG_BYTES: expected a number of bytes 1024-1073741824, got "1"',
  ],
  [
    'RELAY_MAX_EVENT_LOOP_DELAY',
    '0',
    (c) => c.limits.maxEventLoopDelayMs,
    0,
    'off',
    'RELAY_MAX_EVENT_LOOP_DELAY: expected a number of milliseconds 0-60000, got "off"',
  ],
  [
    'RELAY_REPLAY_BLOCKED',
    'POST /a, DELETE /b',
    (c) => c.replayBlocked,
    ['POST /a', 'DELETE /b'],
    'POST /a,/b',
    'RELAY_REPLAY_BLOCKED: expected an endpoint as "METHOD /path", got "/b"',
  ],
  [
    'RELAY_LOG_LEVEL',
    'DEBUG',
    (c) => c.logLevel,
    'debug',
    'loud',
    'RELAY_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
  ],
  [
    'RELAY_REDIS_URL',
    'redis://:pw@127.0.0.1:6379',
    (c) => c.redisUrl,
    'redis://:pw@127.0.0.1:6379',
    'http://:pw@x',
    'RELAY_REDIS_URL: expected a redis:// or rediss:// URL, got a value of 12 characters',
  ],
  [
    'RELAY_CORS_ORIGINS',
    'https://a.example, chrome-extension://abc',
    (c) => c.corsOrigins,
    ['https://a.example', 'chrome-extension://abc'],
    'https://a.example,*',
    'RELAY_CORS_ORIGINS: expected an origin such as https://app.example.com or chrome-extension://<id>, got "*"',
  ],
  [
    'RELAY_SHUTDOWN_TIMEOUT',
    '2500',
    (c) => c.shutdownTimeoutMs,
    2500,
    '1e3',
    'RELAY_SHUTDOWN_TIMEOUT: expected a number of milliseconds 0-600000, got "1e3"',
  ],
  [
    'RELAY_OTEL_EXPORTER_OTLP_ENDPOINT',
    'http://otel-collector.observability:4318',
    (c) => c.otel?.endpoint,
    'http://otel-collector.observability:4318',
    'collector:4318',
    'RELAY_OTEL_EXPORTER_OTLP_ENDPOINT: expected an http(s) OTLP/HTTP base URL such as http://collector:4318, got "collector:4318"',
  ],
  [
    'OTEL_SERVICE_NAME',
    'avvance-relay-2',
    (c) => c.otel?.serviceName,
    'avvance-relay-2',
    'avvance relay',
    'OTEL_SERVICE_NAME: expected a service name of 1-128 printable characters without spaces, got "avvance relay"',
  ],
];

const OIDC_ROWS: [
  name: string,
  valid: string,
  check: (c: ReturnType<typeof configOf>) => unknown,
  expected: unknown,
  invalid: string,
  message: string,
][] = [
  [
    'RELAY_OIDC_ISSUER',
    'http://127.0.0.1:9000/oidc',
    (c) => c.oidc?.issuer,
    'http://127.0.0.1:9000/oidc',
    'login.example.com',
    'RELAY_OIDC_ISSUER: expected an http(s) issuer URL such as https://login.example.com, got "login.example.com"',
  ],
  [
    'RELAY_OIDC_CLIENT_ID',
    'workbench',
    (c) => c.oidc?.clientId,
    'workbench',
    'x'.repeat(600),
    'RELAY_OIDC_CLIENT_ID: expected a non-empty client id, got "xxxxxxxx',
  ],
  ['RELAY_OIDC_CLIENT_SECRET', 'other-secret', (c) => c.oidc?.clientSecret, 'other-secret', ' ', ''],
  [
    'RELAY_OIDC_ROLE_CLAIM',
    'https://example.com/role',
    (c) => c.oidc?.roleClaim,
    'https://example.com/role',
    'role claim',
    'RELAY_OIDC_ROLE_CLAIM: expected a claim name such as avvance_role (letters, digits, _ : . / -), got "role claim"',
  ],
  [
    'RELAY_OIDC_PARTNER_CLAIM',
    'partner',
    (c) => c.oidc?.partnerClaim,
    'partner',
    'a b',
    'RELAY_OIDC_PARTNER_CLAIM: expected a claim name',
  ],
  [
    'RELAY_OIDC_SCOPES',
    'openid  email',
    (c) => c.oidc?.scopes,
    ['openid', 'email'],
    'profile email',
    'RELAY_OIDC_SCOPES: expected space-separated OAuth scopes including openid, got "profile email"',
  ],
];

describe('loadConfig environment variables', () => {
  it('has a row for every key', () => {
    expect(new Set([...ROWS, ...OIDC_ROWS].map((r) => r[0]))).toEqual(new Set(ENV_KEYS.map((k) => k.name)));
  });

  it.each(ROWS)('%s accepts %j', (name, valid, check, expected) => {
    expect(check(configOf({ [name]: valid }))).toEqual(expected);
  });

  it.each(ROWS)('%s rejects a bad value with one clear message', (name, _v, _c, _e, invalid, message) => {
    expect(errorsOf({ [name]: invalid })).toEqual([message]);
  });

  it.each(OIDC_ROWS)('%s accepts %j (oidc mode)', (name, valid, check, expected) => {
    expect(check(configOf({ ...OIDC_ENV, [name]: valid }))).toEqual(expected);
  });

  it.each(OIDC_ROWS)('%s rejects a bad value (oidc mode)', (name, _v, _c, _e, invalid, message) => {
    const errors = errorsOf({ ...OIDC_ENV, [name]: invalid });
    if (message === '') {
      // A blank variable counts as unset: the required-key error names it.
      expect(errors).toEqual([`${name}: required in oidc mode`]);
    } else {
      expect(errors).toHaveLength(1);
      expect(errors[0]!.startsWith(message)).toBe(true);
    }
  });

  it('reports every bad key at once, never echoing secrets', () => {
    const errors = errorsOf({ RELAY_PORT: '70000', RELAY_JWT_SECRET: 'hunter2', RELAY_MODE: 'x' });
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).not.toContain('hunter2');
  });

  it('treats empty variables as unset', () => {
    expect(configOf({ RELAY_PORT: '', RELAY_MODE: '  ' }).port).toBe(8787);
  });

  it('derives the public URL from host and port, bracketing IPv6', () => {
    expect(configOf({ RELAY_HOST: '::1', RELAY_PORT: '9001' }).publicUrl).toBe('http://[::1]:9001');
  });

  it('requires more refresh lifetime than access lifetime', () => {
    expect(errorsOf({ RELAY_JWT_TTL: '3600', RELAY_JWT_REFRESH_TTL: '600' })).toEqual([
      'RELAY_JWT_REFRESH_TTL: expected more than the access-token lifetime (3600 s), got 600',
    ]);
  });
});

describe('loadConfig oidc mode', () => {
  it('loads with the defaults for claims and scopes', () => {
    expect(configOf(OIDC_ENV).oidc).toEqual({
      issuer: 'https://login.example.com',
      clientId: 'relay',
      clientSecret: 'client-secret',
      roleClaim: 'avvance_role',
      partnerClaim: 'avvance_partner',
      scopes: ['openid', 'profile', 'email'],
    });
  });

  it('requires a JWT secret and the OIDC client, each named', () => {
    expect(errorsOf({ RELAY_MODE: 'oidc' })).toEqual([
      'RELAY_JWT_SECRET: required in oidc mode (a secret of at least 32 characters shared by all instances)',
      'RELAY_OIDC_ISSUER: required in oidc mode (e.g. https://login.example.com)',
      'RELAY_OIDC_CLIENT_ID: required in oidc mode',
      'RELAY_OIDC_CLIENT_SECRET: required in oidc mode',
    ]);
  });
});

describe('loadConfig file', () => {
  const uat = {
    environments: [
      {
        name: 'uat',
        baseUrl: 'https://alpha-api2.usbank.com/',
        tokenUrl: 'https://auth.example.com/token',
        timeoutMs: 5000,
        credentials: { acme: { clientKey: 'acme-key', clientSecret: { env: 'ACME_SECRET' } } },
      },
      { name: 'production', baseUrl: 'https://api.usbank.com', production: true },
    ],
    partners: [
      {
        id: 'acme',
        name: 'Acme',
        apiKeys: [{ env: 'ACME_RELAY_KEY' }, 'rk_acme_inline_key_0001'],
        webhook: { type: 'hmac', secret: { env: 'ACME_WEBHOOK_SECRET' } },
        webhookForwardUrl: 'http://127.0.0.1:3000/webhooks',
        defaultSession: 'team',
      },
    ],
    port: 9100,
    logLevel: 'debug',
    replayBlocked: ['POST /poslp/services/avvance-loan/v1/refund'],
  };
  const secrets = {
    ACME_SECRET: 'acme-client-secret',
    ACME_RELAY_KEY: 'rk_acme_from_env_0001',
    ACME_WEBHOOK_SECRET: 'whsec_acme',
  };

  it('loads environments and partners, resolving { env } secret references', () => {
    const config = configOf(secrets, file(uat));
    expect(config.environments).toEqual([
      {
        name: 'uat',
        baseUrl: 'https://alpha-api2.usbank.com',
        tokenUrl: 'https://auth.example.com/token',
        production: false,
        timeoutMs: 5000,
        credentials: { acme: { clientKey: 'acme-key', clientSecret: 'acme-client-secret' } },
      },
      {
        name: 'production',
        baseUrl: 'https://api.usbank.com',
        production: true,
        timeoutMs: 10_000,
        credentials: {},
      },
    ]);
    expect(config.partners).toEqual([
      {
        id: 'acme',
        name: 'Acme',
        apiKeys: ['rk_acme_from_env_0001', 'rk_acme_inline_key_0001'],
        webhook: { type: 'hmac', secret: 'whsec_acme', toleranceSeconds: 300, timestamped: true },
        webhookForwardUrl: 'http://127.0.0.1:3000/webhooks',
        defaultSession: 'team',
      },
    ]);
    expect(config.port).toBe(9100);
    expect(config.logLevel).toBe('debug');
    expect(config.replayBlocked).toEqual(['POST /poslp/services/avvance-loan/v1/refund']);
  });

  it('reads the file named by RELAY_CONFIG_FILE; environment variables win over it', () => {
    const path = file(uat);
    const config = configOf({
      ...secrets,
      RELAY_CONFIG_FILE: path,
      RELAY_PORT: '9200',
      RELAY_LOG_LEVEL: 'warn',
    });
    expect(config.port).toBe(9200);
    expect(config.logLevel).toBe('warn');
    expect(config.environments[0]!.name).toBe('uat');
  });

  it('names an unset secret reference', () => {
    expect(
      errorsOf({ ACME_RELAY_KEY: 'rk_acme_from_env_0001', ACME_WEBHOOK_SECRET: 'w' }, file(uat)),
    ).toEqual([
      'environments[0].credentials.acme.clientSecret: references environment variable ACME_SECRET, which is not set',
    ]);
  });

  it('reports a missing file and invalid JSON', () => {
    expect(errorsOf({ RELAY_CONFIG_FILE: join(dir, 'missing.json') })).toEqual([
      `RELAY_CONFIG_FILE: cannot read "${join(dir, 'missing.json')}" (ENOENT)`,
    ]);
    const bad = file('{ nope');
    const errors = errorsOf({}, bad);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^RELAY_CONFIG_FILE: ".*" is not valid JSON/);
  });

  it('names each bad key with its path in the file', () => {
    const path = file({
      port: 'x',
      colour: 'blue',
      environments: [{ name: 'UAT', baseUrl: 'ftp://x' }],
      partners: [
        { id: 'acme', apiKeys: ['short'], webhook: { type: 'bearer', token: { env: 'lower case' } } },
      ],
    });
    expect(errorsOf({}, path)).toEqual([
      `config file ${path}: colour: unknown key (see docs/configuration.md)`,
      `config file ${path}: port: expected an integer 0-65535, got "x"`,
      `config file ${path}: environments[0].name: expected a name of 1-32 characters [a-z0-9-], got "UAT"`,
      `config file ${path}: environments[0].baseUrl: expected "embedded" or an http(s) URL such as https://alpha-api2.usbank.com, got "ftp://x"`,
      `config file ${path}: partners[0].webhook.token: expected a non-empty string or { "env": "VAR_NAME" }, got an invalid value`,
    ]);
  });

  it('checks cross-references: duplicates, unknown partners, embedded without sandbox, http production, short keys', () => {
    const path = file({
      environments: [
        { name: 'a', baseUrl: 'embedded', credentials: { ghost: { clientKey: 'k', clientSecret: 's' } } },
        { name: 'a', baseUrl: 'http://prod.example.com', production: true },
      ],
      partners: [{ id: 'p', apiKeys: ['short'] }, { id: 'p' }],
    });
    expect(errorsOf({ RELAY_SANDBOX: '0' }, path)).toEqual([
      'partners[0].apiKeys[0]: expected at least 16 characters, got a value of 5 characters',
      'partners[1].id: duplicate partner "p"',
      'environments[0].baseUrl: "embedded" needs the embedded sandbox (RELAY_SANDBOX=1)',
      'environments[0].credentials.ghost: unknown partner "ghost" (not in partners)',
      'environments[1].name: duplicate environment "a"',
      'environments[1].baseUrl: a production environment must use https://, got "http://prod.example.com"',
    ]);
  });

  it('requires environments when the sandbox is disabled', () => {
    expect(errorsOf({ RELAY_SANDBOX: '0' })[0]).toMatch(/^environments: the embedded sandbox is disabled/);
  });

  it('takes the JWT and OIDC secrets from references too', () => {
    const path = file({
      mode: 'oidc',
      jwt: { secret: { env: 'JWT' } },
      oidc: { issuer: 'https://login.example.com', clientId: 'c', clientSecret: { env: 'OIDC' } },
    });
    const config = configOf({ JWT: SECRET, OIDC: 'oidc-secret' }, path);
    expect(config.jwt.secret).toBe(SECRET);
    expect(config.oidc?.clientSecret).toBe('oidc-secret');
  });
});
