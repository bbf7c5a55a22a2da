import { browser } from 'wxt/browser';
import { RelayClient } from './relay-client.ts';
import type { KeyValueStorage } from './settings.ts';

/** `browser.storage.local` as a {@link KeyValueStorage}. */
export function extensionStorage(): KeyValueStorage {
  const area = browser.storage.local;
  return {
    get: (key) => area.get(key) as Promise<Record<string, unknown>>,
    set: (items) => area.set(items),
    remove: (key) => area.remove(key),
  };
}

let client: RelayClient | undefined;

/** The relay client of this extension page (storage and identity of the browser). */
export function relayClient(): RelayClient {
  client ??= new RelayClient({
    storage: extensionStorage(),
    // `identity` exists only with the permission (and not in Firefox DevTools panels).
    ...(browser.identity?.launchWebAuthFlow
      ? {
          identity: {
            getRedirectURL: (path?: string) => browser.identity.getRedirectURL(path),
            launchWebAuthFlow: (details) => browser.identity.launchWebAuthFlow(details),
          },
        }
      : {}),
  });
  return client;
}
