import { DEFAULT_SANDBOX_PARTNER } from '../sandbox/credentials.ts';

/**
 * The demo store's Avvance settings when none are given: the embedded sandbox's public test partner
 * (`partner-org-name`, documented in docs/sandbox.md). Override each with `DemoStoreOptions` or the
 * `DEMO_*` environment variables of `npm start`.
 */
export const DEMO_DEFAULTS = {
  avvanceBaseUrl: 'http://127.0.0.1:8787',
  partnerId: DEFAULT_SANDBOX_PARTNER.partnerId,
  merchantId: DEFAULT_SANDBOX_PARTNER.merchantIds[0] ?? '435523232323',
  clientKey: DEFAULT_SANDBOX_PARTNER.clientKey,
  clientSecret: DEFAULT_SANDBOX_PARTNER.clientSecret,
  host: '127.0.0.1',
  port: 8788,
} as const;
