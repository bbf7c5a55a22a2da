/**
 * `loadConfig`: environment variables over an optional JSON file over defaults, validated with TypeBox.
 * Problems are returned as data (one clear line each, naming the key), never thrown: `server.ts` and the
 * scripts print them and exit non-zero.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import {
  CONFIG_DEFAULTS,
  DEFAULT_LOCAL_API_KEY,
  defaultEnvironment,
  defaultPartner,
  EMBEDDED_BASE_URL,
} from './defaults.ts';
import { CONFIG_FILE_ENV, ENV_KEYS } from './env-keys.ts';
import {
  type ConfigFileInput,
  ConfigFileInput as ConfigFileSchema,
  type SecretInput,
  WEBHOOK_SCHEMAS,
  type WebhookInput,
} from './schema.ts';
import type { PartnerConfig, RelayConfig, UpstreamEnvironment, WebhookAuthConfig } from './types.ts';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Variables to read. Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** JSON config file path; overrides `RELAY_CONFIG_FILE`. Defaults to none. */
  file?: string;
}

/** Outcome of {@link loadConfig}. */
export type LoadConfigResult = { ok: true; config: RelayConfig } | { ok: false; errors: string[] };

type Env = Record<string, string | undefined>;

/** Shows a rejected value in an error message; secrets show only their length. */
function shown(value: unknown, secret: boolean): string {
  if (secret) return typeof value === 'string' ? `a value of ${value.length} characters` : 'an invalid value';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function expectedOf(schema: TSchema | undefined): { expected?: string; secret: boolean } {
  const s = (schema ?? {}) as { expected?: unknown; secret?: unknown };
  return { ...(typeof s.expected === 'string' ? { expected: s.expected } : {}), secret: s.secret === true };
}

/** `/partners/0/apiKeys/1` → `partners[0].apiKeys[1]`. */
function pathOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function schemaAt(root: TSchema, schemaPath: string): TSchema | undefined {
  const pointer = schemaPath.replace(/^#/, '');
  try {
    return (pointer === '' ? root : Value.Pointer.Get(root, pointer)) as TSchema | undefined;
  } catch {
    return undefined;
  }
}

/** Errors of `value` against `schema`, one message per offending location; `base` prefixes pointers. */
function schemaErrors(schema: TSchema, value: unknown, base: string, label: string, root: unknown): string[] {
  const all = [...Value.Errors(schema, value)];
  // A union that failed as a whole is reported once, with its own `expected`, not once per branch.
  const unions = all.filter((e) => e.keyword === 'anyOf');
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const e of all) {
    if (e.keyword === 'boolean') continue; // reported by `additionalProperties` on the parent
    if (
      e.keyword !== 'anyOf' &&
      unions.some(
        (u) => e.instancePath.startsWith(u.instancePath) && e.schemaPath.startsWith(`${u.schemaPath}/anyOf/`),
      )
    )
      continue;
    const pointer = `${base}${e.instancePath}`;
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? [];
      for (const name of extra) {
        errors.push(`${label}: ${pathOf(`${pointer}/${name}`)}: unknown key (see docs/configuration.md)`);
        seen.add(`${pointer}/${name}`);
      }
      continue;
    }
    if ([...seen].some((p) => pointer === p || pointer.startsWith(`${p}/`))) continue;
    seen.add(pointer);
    const { expected, secret } = expectedOf(schemaAt(schema, e.schemaPath));
    const shownValue = pointer === '' ? root : Value.Pointer.Get(root as object, pointer);
    const what = expected ? `expected ${expected}` : e.message;
    errors.push(`${label}: ${pathOf(pointer) || '(root)'}: ${what}, got ${shown(shownValue, secret)}`);
  }
  return errors;
}

/** Validates the file's JSON: the whole document, then each webhook against its type's schema. */
function fileErrors(input: unknown, label: string): string[] {
  const errors = schemaErrors(ConfigFileSchema, input, '', label, input);
  const partners = (input as { partners?: unknown }).partners;
  for (const [i, p] of (Array.isArray(partners) ? partners : []).entries()) {
    const type = (p as { webhook?: { type?: unknown } } | null)?.webhook?.type;
    if (type !== 'basic' && type !== 'bearer' && type !== 'hmac') continue;
    errors.push(...schemaErrors(WEBHOOK_SCHEMAS[type], p.webhook, `/partners/${i}/webhook`, label, input));
  }
  return errors;
}

function readFile(path: string, errors: string[]): ConfigFileInput | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e: unknown) {
    const code = (e as { code?: string }).code ?? 'read error';
    errors.push(`${CONFIG_FILE_ENV}: cannot read "${path}" (${code})`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e: unknown) {
    errors.push(
      `${CONFIG_FILE_ENV}: "${path}" is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
    return undefined;
  }
  const problems = fileErrors(json, `config file ${path}`);
  if (problems.length > 0) {
    errors.push(...problems);
    return undefined;
  }
  return json as ConfigFileInput;
}

function applyEnv(env: Env, input: ConfigFileInput, errors: string[]): void {
  for (const k of ENV_KEYS) {
    const raw = env[k.name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = k.convert(raw);
    if (Value.Check(k.schema, value)) {
      k.apply(input, value as never);
      continue;
    }
    // For lists, name the offending item rather than the whole list.
    const items = (k.schema as { items?: TSchema }).items;
    const list: unknown = value;
    const bad = Array.isArray(list) && items ? list.find((v: unknown) => !Value.Check(items, v)) : undefined;
    const { expected, secret } = expectedOf(bad === undefined ? k.schema : items);
    errors.push(`${k.name}: expected ${expected ?? 'a valid value'}, got ${shown(bad ?? raw, secret)}`);
  }
}

/** Resolves a secret reference; records an error naming `where` when the variable is unset. */
function secretOf(value: SecretInput, env: Env, where: string, errors: string[]): string {
  if (typeof value === 'string') return value;
  const resolved = env[value.env];
  if (resolved === undefined || resolved === '') {
    errors.push(`${where}: references environment variable ${value.env}, which is not set`);
    return '';
  }
  return resolved;
}

function partnersOf(input: ConfigFileInput, env: Env, errors: string[]): PartnerConfig[] {
  if (!input.partners) return [defaultPartner()];
  const ids = new Set<string>();
  const keys = new Set<string>();
  return input.partners.map((p, i) => {
    const at = `partners[${i}]`;
    if (ids.has(p.id)) errors.push(`${at}.id: duplicate partner "${p.id}"`);
    ids.add(p.id);
    const apiKeys = (p.apiKeys ?? []).map((k, j) => {
      const key = secretOf(k, env, `${at}.apiKeys[${j}]`, errors);
      if (key && key.length < 16 && key !== DEFAULT_LOCAL_API_KEY)
        errors.push(
          `${at}.apiKeys[${j}]: expected at least 16 characters, got a value of ${key.length} characters`,
        );
      if (key && keys.has(key)) errors.push(`${at}.apiKeys[${j}]: the same key is configured twice`);
      keys.add(key);
      return key;
    });
    let webhook: WebhookAuthConfig | undefined;
    const w = p.webhook as WebhookInput | undefined;
    if (w?.type === 'basic')
      webhook = {
        type: 'basic',
        username: w.username,
        password: secretOf(w.password, env, `${at}.webhook.password`, errors),
      };
    else if (w?.type === 'bearer')
      webhook = { type: 'bearer', token: secretOf(w.token, env, `${at}.webhook.token`, errors) };
    else if (w?.type === 'hmac')
      webhook = {
        type: 'hmac',
        secret: secretOf(w.secret, env, `${at}.webhook.secret`, errors),
        toleranceSeconds: w.toleranceSeconds ?? CONFIG_DEFAULTS.webhookToleranceSeconds,
        timestamped: w.timestamped ?? true,
      };
    return {
      id: p.id,
      name: p.name ?? p.id,
      apiKeys,
      ...(webhook ? { webhook } : {}),
      ...(p.webhookForwardUrl ? { webhookForwardUrl: p.webhookForwardUrl } : {}),
      defaultSession: p.defaultSession ?? CONFIG_DEFAULTS.defaultSession,
    };
  });
}

function environmentsOf(
  input: ConfigFileInput,
  partners: PartnerConfig[],
  sandbox: boolean,
  env: Env,
  errors: string[],
): UpstreamEnvironment[] {
  if (!input.environments) {
    if (!sandbox) {
      errors.push(
        'environments: the embedded sandbox is disabled (RELAY_SANDBOX=0), so the config file must list at least one environment',
      );
    }
    const def = defaultEnvironment();
    // The sandbox credentials only exist for its default partner; other partners get none by default.
    def.credentials = Object.fromEntries(
      Object.entries(def.credentials).filter(([id]) => partners.some((p) => p.id === id)),
    );
    return [def];
  }
  const names = new Set<string>();
  const partnerIds = new Set(partners.map((p) => p.id));
  return input.environments.map((e, i) => {
    const at = `environments[${i}]`;
    if (names.has(e.name)) errors.push(`${at}.name: duplicate environment "${e.name}"`);
    names.add(e.name);
    const production = e.production ?? false;
    if (e.baseUrl === EMBEDDED_BASE_URL) {
      if (!sandbox) errors.push(`${at}.baseUrl: "embedded" needs the embedded sandbox (RELAY_SANDBOX=1)`);
      if (production)
        errors.push(`${at}.production: the embedded sandbox cannot be a production environment`);
    } else if (production && !e.baseUrl.startsWith('https://')) {
      errors.push(`${at}.baseUrl: a production environment must use https://, got "${e.baseUrl}"`);
    }
    const credentials: UpstreamEnvironment['credentials'] = {};
    for (const [partnerId, c] of Object.entries(e.credentials ?? {})) {
      const where = `${at}.credentials.${partnerId}`;
      if (!partnerIds.has(partnerId))
        errors.push(`${where}: unknown partner "${partnerId}" (not in partners)`);
      credentials[partnerId] = {
        clientKey: secretOf(c.clientKey, env, `${where}.clientKey`, errors),
        clientSecret: secretOf(c.clientSecret, env, `${where}.clientSecret`, errors),
      };
    }
    return {
      name: e.name,
      baseUrl: e.baseUrl.replace(/\/+$/, '') || e.baseUrl,
      ...(e.tokenUrl ? { tokenUrl: e.tokenUrl } : {}),
      production,
      credentials,
      timeoutMs: e.timeoutMs ?? CONFIG_DEFAULTS.upstreamTimeoutMs,
    };
  });
}

/**
 * Loads the relay configuration: `env` (default `process.env`) over the JSON file (`file` or
 * `RELAY_CONFIG_FILE`) over the defaults (local mode, the embedded sandbox, its public test partner).
 * Never throws: returns every problem found, one line each, naming the key.
 */
export function loadConfig(opts: LoadConfigOptions = {}): LoadConfigResult {
  const env = opts.env ?? process.env;
  const errors: string[] = [];
  const filePath = opts.file ?? env[CONFIG_FILE_ENV]?.trim();
  const input: ConfigFileInput = (filePath ? readFile(filePath, errors) : undefined) ?? {};
  applyEnv(env, input, errors);
  if (errors.length > 0) return { ok: false, errors };

  const host = input.host ?? CONFIG_DEFAULTS.host;
  const port = input.port ?? CONFIG_DEFAULTS.port;
  const mode = input.mode ?? CONFIG_DEFAULTS.mode;
  const sandbox = input.sandbox ?? CONFIG_DEFAULTS.sandbox;
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const publicUrl = (input.publicUrl ?? `http://${shownHost}:${port}`).replace(/\/+$/, '');

  const jwtSecretInput = input.jwt?.secret;
  let secret = jwtSecretInput === undefined ? '' : secretOf(jwtSecretInput, env, 'jwt.secret', errors);
  if (secret && secret.length < 32)
    errors.push(
      `jwt.secret: expected a secret of at least 32 characters, got a value of ${secret.length} characters`,
    );
  if (!secret) {
    if (mode === 'oidc')
      errors.push(
        'RELAY_JWT_SECRET: required in oidc mode (a secret of at least 32 characters shared by all instances)',
      );
    secret = randomBytes(32).toString('base64url');
  }
  const ttlSeconds = input.jwt?.ttlSeconds ?? CONFIG_DEFAULTS.jwtTtlSeconds;
  const refreshTtlSeconds = input.jwt?.refreshTtlSeconds ?? CONFIG_DEFAULTS.jwtRefreshTtlSeconds;
  if (refreshTtlSeconds <= ttlSeconds)
    errors.push(
      `RELAY_JWT_REFRESH_TTL: expected more than the access-token lifetime (${ttlSeconds} s), got ${refreshTtlSeconds}`,
    );

  let oidc: RelayConfig['oidc'];
  if (mode === 'oidc') {
    const o = input.oidc ?? {};
    if (!o.issuer) errors.push('RELAY_OIDC_ISSUER: required in oidc mode (e.g. https://login.example.com)');
    if (!o.clientId) errors.push('RELAY_OIDC_CLIENT_ID: required in oidc mode');
    const clientSecret = o.clientSecret ? secretOf(o.clientSecret, env, 'oidc.clientSecret', errors) : '';
    if (!o.clientSecret) errors.push('RELAY_OIDC_CLIENT_SECRET: required in oidc mode');
    const scopes = o.scopes ?? [...CONFIG_DEFAULTS.oidcScopes];
    if (!scopes.includes('openid'))
      errors.push(
        `RELAY_OIDC_SCOPES: expected space-separated OAuth scopes including openid, got "${scopes.join(' ')}"`,
      );
    oidc = {
      issuer: o.issuer ?? '',
      clientId: o.clientId ?? '',
      clientSecret,
      roleClaim: o.roleClaim ?? CONFIG_DEFAULTS.oidcRoleClaim,
      partnerClaim: o.partnerClaim ?? CONFIG_DEFAULTS.oidcPartnerClaim,
      scopes,
    };
  }

  const partners = partnersOf(input, env, errors);
  const environments = environmentsOf(input, partners, sandbox, env, errors);
  const redisUrl =
    input.redisUrl === undefined ? undefined : secretOf(input.redisUrl, env, 'redisUrl', errors);
  if (redisUrl !== undefined && redisUrl !== '' && !/^rediss?:\/\/\S+$/.test(redisUrl))
    errors.push('redisUrl: expected a redis:// or rediss:// URL');
  if (errors.length > 0) return { ok: false, errors };

  return {
    ok: true,
    config: {
      host,
      port,
      publicUrl,
      mode,
      jwt: { secret, ttlSeconds, refreshTtlSeconds },
      ...(oidc ? { oidc } : {}),
      environments,
      partners,
      sandbox,
      limits: {
        bodyBytes: input.limits?.bodyBytes ?? CONFIG_DEFAULTS.bodyBytes,
        ratePerMinute: input.limits?.ratePerMinute ?? CONFIG_DEFAULTS.ratePerMinute,
        backlogEvents: input.limits?.backlogEvents ?? CONFIG_DEFAULTS.backlogEvents,
        backlogBytes: input.limits?.backlogBytes ?? CONFIG_DEFAULTS.backlogBytes,
        maxEventLoopDelayMs: input.limits?.maxEventLoopDelayMs ?? CONFIG_DEFAULTS.maxEventLoopDelayMs,
      },
      replayBlocked: input.replayBlocked ?? [],
      logLevel: input.logLevel ?? CONFIG_DEFAULTS.logLevel,
      ...(redisUrl ? { redisUrl } : {}),
      corsOrigins: input.corsOrigins ?? [],
      shutdownTimeoutMs: input.shutdownTimeoutMs ?? CONFIG_DEFAULTS.shutdownTimeoutMs,
      ...(input.otel?.endpoint || input.otel?.serviceName ? { otel: { ...input.otel } } : {}),
    },
  };
}

/**
 * The default configuration (no variables, no file): local mode, the embedded sandbox, its test partner,
 * a random JWT secret. `overrides` are shallow-merged (tests).
 */
export function defaultConfig(overrides: Partial<RelayConfig> = {}): RelayConfig {
  const result = loadConfig({ env: {} });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return { ...result.config, ...overrides };
}
