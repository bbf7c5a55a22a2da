import type { DetectionRule, DetectionRules } from '../../shared/src/detect/index.ts';
import { DEFAULT_DETECTION_RULES, validateDetectionRules } from '../../shared/src/detect/index.ts';

/** Relay URL used until the user sets one: `npm start`'s relay on loopback. */
export const DEFAULT_RELAY_URL = 'http://127.0.0.1:8787';

/** Key of the settings object in `browser.storage.local`. */
export const SETTINGS_KEY = 'workbench.settings';

/** A relay user as `/v1/auth/*` answers it. */
export interface RelayUser {
  sub: string;
  name: string;
  role: 'developer' | 'admin';
  partnerId: string;
}

/** Extension settings, kept in `browser.storage.local` under {@link SETTINGS_KEY}. */
export interface WorkbenchSettings {
  /** Relay base URL, no trailing slash. Defaults to {@link DEFAULT_RELAY_URL}. */
  relayUrl: string;
  /** Relay access token (JWT), when signed in. */
  token?: string;
  /** Epoch ms when {@link token} expires. */
  tokenExpiresAt?: number;
  /** Single-use refresh token, when signed in. */
  refreshToken?: string;
  /** The signed-in user. */
  user?: RelayUser;
  /** Extra Avvance detection rules (validated with `validateDetectionRules`). Defaults to none. */
  detectionRules: DetectionRule[];
  /** Extra key names masked as PII. Defaults to none. */
  extraMaskingKeys: string[];
  /** Environment replays go to; `''` = the relay's first. Defaults to `sandbox`. */
  defaultEnvironment: string;
}

/** Settings of a fresh install. */
export const DEFAULT_SETTINGS: Readonly<WorkbenchSettings> = Object.freeze({
  relayUrl: DEFAULT_RELAY_URL,
  detectionRules: [],
  extraMaskingKeys: [],
  defaultEnvironment: 'sandbox',
});

/** The part of `browser.storage.local` the extension uses (a fake in unit tests). */
export interface KeyValueStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** `url` without trailing slashes; `undefined` when it is not an http(s) URL. */
export function normalizeRelayUrl(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    if (u.username || u.password || u.search || u.hash) return undefined;
    return u.href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function userOf(v: unknown): RelayUser | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const u = v as Record<string, unknown>;
  if (typeof u['sub'] !== 'string' || typeof u['name'] !== 'string' || typeof u['partnerId'] !== 'string')
    return undefined;
  return {
    sub: u['sub'],
    name: u['name'],
    role: u['role'] === 'admin' ? 'admin' : 'developer',
    partnerId: u['partnerId'],
  };
}

/** Stored settings treated as untrusted input: unknown or invalid fields fall back to the defaults. */
export function parseSettings(stored: unknown): WorkbenchSettings {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const rules = validateDetectionRules(s['detectionRules'] ?? []);
  const settings: WorkbenchSettings = {
    relayUrl: normalizeRelayUrl(String(s['relayUrl'] ?? '')) ?? DEFAULT_RELAY_URL,
    detectionRules: rules.ok ? rules.rules : [],
    extraMaskingKeys: Array.isArray(s['extraMaskingKeys'])
      ? s['extraMaskingKeys'].filter((k): k is string => typeof k === 'string' && k.trim() !== '')
      : [],
    defaultEnvironment:
      typeof s['defaultEnvironment'] === 'string'
        ? s['defaultEnvironment']
        : DEFAULT_SETTINGS.defaultEnvironment,
  };
  const token = str(s['token']);
  const refreshToken = str(s['refreshToken']);
  const user = userOf(s['user']);
  if (token) settings.token = token;
  if (typeof s['tokenExpiresAt'] === 'number') settings.tokenExpiresAt = s['tokenExpiresAt'];
  if (refreshToken) settings.refreshToken = refreshToken;
  if (user) settings.user = user;
  return settings;
}

/** Reads the settings (defaults for anything missing or invalid). */
export async function getSettings(storage: KeyValueStorage): Promise<WorkbenchSettings> {
  const items = await storage.get(SETTINGS_KEY);
  return parseSettings(items[SETTINGS_KEY]);
}

/** Merges `patch` into the stored settings and returns the result. `undefined` fields are removed. */
export async function saveSettings(
  storage: KeyValueStorage,
  patch: Partial<WorkbenchSettings>,
): Promise<WorkbenchSettings> {
  const current = await getSettings(storage);
  const next: Record<string, unknown> = { ...current, ...patch };
  for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
  const parsed = parseSettings(next);
  await storage.set({ [SETTINGS_KEY]: parsed });
  return parsed;
}

/**
 * The rules the panel detects Avvance calls with: the built-in rules, then the user's extra ones (a new
 * array each call, as `matchAvvanceCall` caches compiled lists by identity).
 */
export function effectiveDetectionRules(settings: Pick<WorkbenchSettings, 'detectionRules'>): DetectionRules {
  return settings.detectionRules.length === 0
    ? DEFAULT_DETECTION_RULES
    : [...DEFAULT_DETECTION_RULES, ...settings.detectionRules];
}

/** The part of `browser.storage.onChanged` {@link watchSettings} uses (a fake in unit tests). */
export interface StorageChangeEvents {
  addListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
  removeListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
}

/**
 * Calls `onChange` with the parsed settings whenever the options page (or anything else) saves them to
 * `browser.storage.local`. Returns the unsubscribe function.
 */
export function watchSettings(
  events: StorageChangeEvents,
  onChange: (settings: WorkbenchSettings) => void,
): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string): void => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    onChange(parseSettings(changes[SETTINGS_KEY]?.newValue));
  };
  events.addListener(listener);
  return () => events.removeListener(listener);
}
