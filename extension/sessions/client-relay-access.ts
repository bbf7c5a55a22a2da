import { type RelayClient, TOKEN_REFRESH_MARGIN_MS } from '../relay-client/index.ts';
import type { RelayAccess } from './relay-api.ts';

/**
 * {@link RelayAccess} over the extension's relay client (settings and tokens in extension storage):
 * refreshes an expiring or rejected token, and signs in (one click in local mode) when there is none.
 */
export function clientRelayAccess(client: RelayClient, now: () => number = Date.now): RelayAccess {
  let stale = false;
  return {
    relayUrl: async () => (await client.getSettings()).relayUrl,
    async token() {
      let settings = await client.getSettings();
      const expiring =
        settings.tokenExpiresAt !== undefined && settings.tokenExpiresAt - TOKEN_REFRESH_MARGIN_MS <= now();
      if (settings.token && (stale || expiring)) {
        try {
          settings = await client.refresh();
        } catch {
          settings = { ...settings, token: undefined };
        }
      }
      stale = false;
      if (settings.token) return settings.token;
      await client.signIn();
      const token = (await client.getSettings()).token;
      if (!token) throw new Error('Not signed in to the relay');
      return token;
    },
    invalidate() {
      stale = true;
    },
  };
}
