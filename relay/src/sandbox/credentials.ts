import type { WebhookConfigRequest } from '../../../shared/src/openapi/index.ts';

/** One sandbox partner: its client credentials, its merchants and (optionally) its webhook endpoint. */
export interface SandboxPartnerConfig {
  /** The `partner-ID` (also the webhooks' `alternateId`). */
  partnerId: string;
  /** Client key for `Authorization: Basic base64(key:secret)` on the token endpoint. */
  clientKey: string;
  /** Client secret. */
  clientSecret: string;
  /** MIDs enrolled (ACTIVE) at start-up. */
  merchantIds: string[];
  /** Webhook endpoint configured at start-up. Defaults to none (set it with S6). */
  webhook?: WebhookConfigRequest;
}

/**
 * The default sandbox partner. Its key and secret are **public test credentials** (like Stripe test
 * keys), documented in docs/sandbox.md: they only ever work against the embedded sandbox.
 */
export const DEFAULT_SANDBOX_PARTNER: Readonly<SandboxPartnerConfig> = Object.freeze({
  partnerId: 'partner-org-name',
  clientKey: 'avv_test_key_partner_org_name',
  clientSecret: 'avv_test_secret_sandbox_only',
  merchantIds: ['435523232323', '8025491732'],
});

/** Display names of the default merchants (other MIDs get a generated name). */
export const DEFAULT_MERCHANT_NAMES: Readonly<Record<string, string>> = {
  '435523232323': 'Sandbox Home Furnishings',
  '8025491732': 'Acme Inc',
};

/** Decodes `Authorization: Basic base64(key:secret)`; `undefined` when absent or garbled. */
export function parseBasicAuth(header: string | undefined): { key: string; secret: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
