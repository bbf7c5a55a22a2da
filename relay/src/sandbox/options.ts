import { type Clock, type SandboxDurations, scaledDurations, systemClock } from './clock.ts';
import { DEFAULT_SANDBOX_PARTNER, type SandboxPartnerConfig } from './credentials.ts';
import { SandboxErrors } from './errors.ts';
import { parseFaultSpec } from './faults.ts';

/** Options of the sandbox (plugin options and {@link createSandboxCore}). */
export interface SandboxOptions {
  /** Sandbox partners. Defaults to one: {@link DEFAULT_SANDBOX_PARTNER} (`partner-org-name`). */
  partners?: SandboxPartnerConfig[];
  /**
   * Base URL put in links the sandbox hands out (`consumerOnboardingURL`, pre-approval links), e.g.
   * `http://127.0.0.1:8787`. Defaults to the request's `Host` (`http://<host>`).
   */
  publicBaseUrl?: string;
  /** Time source. Defaults to the system clock. Tests pass `createFakeClock()`. */
  clock?: Clock;
  /** Divides every business duration (48 h, 30 d, 15 d, 24 h, 899 s) and retry delay. Defaults to 1. */
  timeScale?: number;
  /** Fault injection. */
  faults?: {
    /** Honour `X-Sandbox-Fault` headers and `always`. Defaults to true. */
    enabled?: boolean;
    /** A fault spec applied to every partner API call (same grammar as the header). Defaults to none. */
    always?: string;
    /** How long `timeout` holds a request before dropping the connection, ms. Defaults to 30 000. */
    timeoutMs?: number;
  };
  /** Webhook delivery. */
  webhooks?: {
    /** Per-attempt timeout, ms. Defaults to 5 000. */
    timeoutMs?: number;
    /** Delays before the retries of a 5xx/timeout, ms (one retry per entry). Defaults to `[1000, 5000]`. */
    retryDelaysMs?: number[];
  };
  /** Memory bounds. */
  limits?: {
    /** Applications kept per partner (oldest evicted). Defaults to 5 000. */
    applicationsPerPartner?: number;
    /** Pre-approvals kept per partner. Defaults to 5 000. */
    preApprovalsPerPartner?: number;
    /** Webhook deliveries kept per partner. Defaults to 1 000. */
    deliveriesPerPartner?: number;
    /** Merchants per partner. Defaults to 1 000. */
    merchantsPerPartner?: number;
    /** Live access tokens. Defaults to 10 000. */
    tokens?: number;
    /** How long applications, pre-approvals and deliveries are kept after their last change, ms. Defaults to 35 days. */
    dataTtlMs?: number;
    /** Largest request body, bytes. Defaults to 65 536. */
    bodyLimit?: number;
  };
}

/** {@link SandboxOptions} with defaults applied and validated. */
export interface ResolvedSandboxOptions {
  partners: SandboxPartnerConfig[];
  publicBaseUrl: string | undefined;
  clock: Clock;
  timeScale: number;
  durations: SandboxDurations;
  faults: { enabled: boolean; always: string | undefined; timeoutMs: number };
  webhooks: { timeoutMs: number; retryDelaysMs: number[] };
  limits: Required<NonNullable<SandboxOptions['limits']>>;
}

function fail(option: string, why: string): never {
  throw new SandboxErrors.invalidOptions(option, why);
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) fail(name, 'must be a positive integer');
  return value;
}

function httpUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(name, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(name, 'must be an http(s) URL');
  return url;
}

function checkPartners(partners: SandboxPartnerConfig[]): void {
  if (!Array.isArray(partners) || partners.length === 0) fail('partners', 'must list at least one partner');
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const [i, p] of partners.entries()) {
    const at = `partners[${i}]`;
    for (const field of ['partnerId', 'clientKey', 'clientSecret'] as const) {
      if (typeof p[field] !== 'string' || p[field].length === 0) fail(`${at}.${field}`, 'must be non-empty');
    }
    if (p.clientKey.includes(':')) fail(`${at}.clientKey`, 'must not contain ":"');
    if (ids.has(p.partnerId)) fail(`${at}.partnerId`, `duplicate "${p.partnerId}"`);
    if (keys.has(p.clientKey)) fail(`${at}.clientKey`, 'duplicate client key');
    ids.add(p.partnerId);
    keys.add(p.clientKey);
    if (!Array.isArray(p.merchantIds)) fail(`${at}.merchantIds`, 'must be an array');
    for (const mid of p.merchantIds) {
      if (!/^\d{6,22}$/.test(mid)) fail(`${at}.merchantIds`, `"${mid}" is not a 6–22 digit MID`);
    }
    if (p.webhook) httpUrl(`${at}.webhook.url`, p.webhook.url);
  }
}

/** Applies defaults and validates; throws `SANDBOX_ERR_INVALID_OPTIONS` on the first bad option. */
export function resolveSandboxOptions(opts: SandboxOptions = {}): ResolvedSandboxOptions {
  const partners = opts.partners ?? [
    { ...DEFAULT_SANDBOX_PARTNER, merchantIds: [...DEFAULT_SANDBOX_PARTNER.merchantIds] },
  ];
  checkPartners(partners);
  let publicBaseUrl: string | undefined;
  if (opts.publicBaseUrl !== undefined) {
    const url = httpUrl('publicBaseUrl', opts.publicBaseUrl);
    if (url.search || url.hash) fail('publicBaseUrl', 'must not have a query or fragment');
    publicBaseUrl = url.href.replace(/\/+$/, '');
  }
  const timeScale = opts.timeScale ?? 1;
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0)
    fail('timeScale', 'must be a positive number');
  const clock = opts.clock ?? systemClock;
  if (typeof clock.now !== 'function' || typeof clock.setTimeout !== 'function')
    fail('clock', 'must implement now(), setTimeout() and clearTimeout()');
  const always = opts.faults?.always;
  if (always !== undefined) {
    const parsed = parseFaultSpec(always);
    if (!parsed.ok) fail('faults.always', parsed.reason);
  }
  const retryDelaysMs = opts.webhooks?.retryDelaysMs ?? [1000, 5000];
  if (!Array.isArray(retryDelaysMs) || retryDelaysMs.some((d) => !Number.isFinite(d) || d < 0))
    fail('webhooks.retryDelaysMs', 'must be an array of non-negative numbers');
  const l = opts.limits ?? {};
  return {
    partners,
    publicBaseUrl,
    clock,
    timeScale,
    durations: scaledDurations(timeScale),
    faults: {
      enabled: opts.faults?.enabled ?? true,
      always,
      timeoutMs: positiveInt('faults.timeoutMs', opts.faults?.timeoutMs, 30_000),
    },
    webhooks: {
      timeoutMs: positiveInt('webhooks.timeoutMs', opts.webhooks?.timeoutMs, 5_000),
      retryDelaysMs: retryDelaysMs.map((d) => d / timeScale),
    },
    limits: {
      applicationsPerPartner: positiveInt('limits.applicationsPerPartner', l.applicationsPerPartner, 5_000),
      preApprovalsPerPartner: positiveInt('limits.preApprovalsPerPartner', l.preApprovalsPerPartner, 5_000),
      deliveriesPerPartner: positiveInt('limits.deliveriesPerPartner', l.deliveriesPerPartner, 1_000),
      merchantsPerPartner: positiveInt('limits.merchantsPerPartner', l.merchantsPerPartner, 1_000),
      tokens: positiveInt('limits.tokens', l.tokens, 10_000),
      dataTtlMs: positiveInt('limits.dataTtlMs', l.dataTtlMs, 35 * 24 * 3_600_000),
      bodyLimit: positiveInt('limits.bodyLimit', l.bodyLimit, 65_536),
    },
  };
}
