/**
 * Relay HTTP client and extension settings, shared by the options page, the panel (builder, team
 * sessions) and the toolbar popup. `relayClient()` (browser-client.ts) is the page's instance.
 */
export {
  isRelayClientError,
  RelayApiError,
  type RelayClientError,
  RelaySignInRequiredError,
  RelayUnreachableError,
} from './errors.ts';
export {
  type IdentityApi,
  RelayClient,
  type RelayClientOptions,
  type RelayHealth,
  type ReplayInput,
  type ReplayResult,
  TOKEN_REFRESH_MARGIN_MS,
} from './relay-client.ts';
export {
  DEFAULT_RELAY_URL,
  DEFAULT_SETTINGS,
  getSettings,
  type KeyValueStorage,
  normalizeRelayUrl,
  parseSettings,
  type RelayUser,
  SETTINGS_KEY,
  saveSettings,
  type WorkbenchSettings,
} from './settings.ts';
