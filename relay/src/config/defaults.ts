import { DEFAULT_SANDBOX_PARTNER } from '../sandbox/credentials.ts';
import type { PartnerConfig, UpstreamEnvironment } from './types.ts';

/**
 * Relay API key of the default partner in local mode. A **public, documented** key (docs/configuration.md):
 * the relay accepts it only in local mode and only from loopback clients, so a dev backend on the same
 * machine can use the pass-through without any secret.
 */
export const DEFAULT_LOCAL_API_KEY = `rk_local_${DEFAULT_SANDBOX_PARTNER.partnerId}`;

/**
 * HTTP Basic credentials the relay expects on `POST /v1/webhooks/partner-org-name` by default. Public local
 * test credentials (docs/configuration.md), like the sandbox's client key: register them with the sandbox.
 */
export const DEFAULT_WEBHOOK_BASIC = Object.freeze({
  username: 'avvance-webhooks',
  password: 'whsec_local_sandbox_only',
});

/** Name of the default environment: the embedded sandbox. */
export const DEFAULT_ENVIRONMENT_NAME = 'sandbox';

/** The special `baseUrl` of the relay's own embedded sandbox. */
export const EMBEDDED_BASE_URL = 'embedded';

/** Default values of every scalar key (docs/configuration.md lists them). */
export const CONFIG_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 8787,
  mode: 'local' as const,
  jwtTtlSeconds: 900,
  jwtRefreshTtlSeconds: 28_800,
  oidcRoleClaim: 'avvance_role',
  oidcPartnerClaim: 'avvance_partner',
  oidcScopes: ['openid', 'profile', 'email'],
  upstreamTimeoutMs: 10_000,
  bodyBytes: 1_048_576,
  ratePerMinute: 600,
  backlogEvents: 1_000,
  backlogBytes: 8 * 1_048_576,
  logLevel: 'info',
  sandbox: true,
  defaultSession: 'default',
  webhookToleranceSeconds: 300,
  maxEventLoopDelayMs: 1_000,
  shutdownTimeoutMs: 10_000,
});

/** The default partner: the embedded sandbox's public test partner, with the local API key. */
export function defaultPartner(): PartnerConfig {
  return {
    id: DEFAULT_SANDBOX_PARTNER.partnerId,
    name: `Sandbox partner (${DEFAULT_SANDBOX_PARTNER.partnerId})`,
    apiKeys: [DEFAULT_LOCAL_API_KEY],
    webhook: { type: 'basic', ...DEFAULT_WEBHOOK_BASIC },
    defaultSession: CONFIG_DEFAULTS.defaultSession,
  };
}

/** The default environment: the embedded sandbox with the default partner's public test credentials. */
export function defaultEnvironment(): UpstreamEnvironment {
  return {
    name: DEFAULT_ENVIRONMENT_NAME,
    baseUrl: EMBEDDED_BASE_URL,
    production: false,
    credentials: {
      [DEFAULT_SANDBOX_PARTNER.partnerId]: {
        clientKey: DEFAULT_SANDBOX_PARTNER.clientKey,
        clientSecret: DEFAULT_SANDBOX_PARTNER.clientSecret,
      },
    },
    timeoutMs: CONFIG_DEFAULTS.upstreamTimeoutMs,
  };
}
