import type { Exchange } from '../../shared/src/model/exchange.ts';
import { RelayApiError, RelaySignInRequiredError, RelayUnreachableError } from './errors.ts';
import {
  getSettings,
  type KeyValueStorage,
  type RelayUser,
  saveSettings,
  type WorkbenchSettings,
} from './settings.ts';

/** Refresh the access token this long before it expires, in milliseconds. */
export const TOKEN_REFRESH_MARGIN_MS = 30_000;

/** The part of `browser.identity` used for browser sign-in (OIDC). */
export interface IdentityApi {
  getRedirectURL(path?: string): string;
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
}

/** Dependencies of {@link RelayClient}; fakes in unit tests. */
export interface RelayClientOptions {
  storage: KeyValueStorage;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Needed for OIDC sign-in only. */
  identity?: IdentityApi;
  /** Epoch ms. Defaults to `Date.now`. */
  now?: () => number;
}

/** Body of `POST /v1/replay` (docs/relay.md). */
export interface ReplayInput {
  environment?: string;
  method: string;
  /** Upstream path beginning with `/`, optionally with `?query`. */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** JSON value (sent as JSON) or string (sent as is). */
  body?: unknown;
  /** Id of the exchange replayed. */
  replayOf?: string;
  session?: string;
}

/** Answer of `POST /v1/replay`: the unmasked exchange (the caller sent it) and where it was published. */
export interface ReplayResult {
  exchange: Exchange;
  published?: { session: string; sequence: number };
}

/** `GET /health`. */
export interface RelayHealth {
  status: string;
  /** `local` or `oidc`. */
  mode: string;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user?: RelayUser;
}

/**
 * Typed client for the relay's HTTP API with token storage: sign-in (local mode or OIDC through
 * `identity.launchWebAuthFlow`), refresh (rotation, once per expiry), sign-out and replay. Failures are
 * {@link RelayUnreachableError}, {@link RelaySignInRequiredError} or {@link RelayApiError}.
 */
export class RelayClient {
  readonly #storage: KeyValueStorage;
  readonly #fetch: typeof fetch;
  readonly #identity: IdentityApi | undefined;
  readonly #now: () => number;
  #refreshing: Promise<WorkbenchSettings> | undefined;

  constructor(options: RelayClientOptions) {
    this.#storage = options.storage;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#identity = options.identity;
    this.#now = options.now ?? Date.now;
  }

  /** The stored settings. */
  getSettings(): Promise<WorkbenchSettings> {
    return getSettings(this.#storage);
  }

  /** Merges `patch` into the stored settings. */
  saveSettings(patch: Partial<WorkbenchSettings>): Promise<WorkbenchSettings> {
    return saveSettings(this.#storage, patch);
  }

  /** `GET /health` of the configured relay (no auth). */
  async health(): Promise<RelayHealth> {
    const { relayUrl } = await this.getSettings();
    return (await this.#call(relayUrl, 'GET', '/health')) as RelayHealth;
  }

  /**
   * Signs in and stores the tokens. Local mode: `POST /v1/auth/local` (one click, loopback relay).
   * OIDC: `identity.launchWebAuthFlow` to the relay's login, tokens read from the redirect fragment.
   */
  async signIn(options: { name?: string } = {}): Promise<RelayUser> {
    const { relayUrl } = await this.getSettings();
    const { mode } = (await this.#call(relayUrl, 'GET', '/health')) as RelayHealth;
    if (mode === 'local') {
      const pair = (await this.#call(
        relayUrl,
        'POST',
        '/v1/auth/local',
        options.name ? { name: options.name } : {},
      )) as TokenPair;
      return this.#store(pair);
    }
    if (!this.#identity) throw new RelaySignInRequiredError('Browser sign-in is not available on this page.');
    const state = crypto.randomUUID();
    const url = new URL(`${relayUrl}/v1/auth/oidc/login`);
    url.searchParams.set('redirect_uri', this.#identity.getRedirectURL());
    url.searchParams.set('state', state);
    let redirected: string | undefined;
    try {
      redirected = await this.#identity.launchWebAuthFlow({ url: url.href, interactive: true });
    } catch (e: unknown) {
      throw new RelaySignInRequiredError(`Sign-in was not completed: ${(e as Error).message ?? e}`);
    }
    const params = new URLSearchParams(new URL(redirected ?? 'about:blank').hash.slice(1));
    const accessToken = params.get('access_token');
    const refreshToken = params.get('refresh_token');
    if (!accessToken || !refreshToken || params.get('state') !== state)
      throw new RelaySignInRequiredError('Sign-in was not completed.');
    await this.#store({ accessToken, refreshToken, expiresIn: Number(params.get('expires_in') ?? 900) });
    const me = (await this.request('GET', '/v1/auth/me')) as { user: RelayUser };
    await this.saveSettings({ user: me.user });
    return me.user;
  }

  /** Exchanges the refresh token for a new pair (single use; concurrent callers share one call). */
  refresh(): Promise<WorkbenchSettings> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Forgets the tokens and the user (relay tokens expire on their own). */
  async signOut(): Promise<void> {
    await this.saveSettings({
      token: undefined,
      refreshToken: undefined,
      tokenExpiresAt: undefined,
      user: undefined,
    });
  }

  /** `POST /v1/replay` with the default environment unless `input.environment` is set. */
  async replay(input: ReplayInput): Promise<ReplayResult> {
    const { defaultEnvironment } = await this.getSettings();
    const body = { ...input };
    if (!body.environment && defaultEnvironment) body.environment = defaultEnvironment;
    return (await this.request('POST', '/v1/replay', body)) as ReplayResult;
  }

  /**
   * An authenticated relay call: refreshes an expiring token first, and once more on a 401
   * `RELAY_ERR_AUTH_EXPIRED`; throws {@link RelaySignInRequiredError} when that is not possible.
   */
  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    let settings = await this.getSettings();
    if (!settings.token) throw new RelaySignInRequiredError('Not signed in to the relay.');
    if (
      settings.tokenExpiresAt !== undefined &&
      settings.tokenExpiresAt - TOKEN_REFRESH_MARGIN_MS <= this.#now()
    )
      settings = await this.refresh();
    try {
      return await this.#call(settings.relayUrl, method, path, body, settings.token);
    } catch (e: unknown) {
      if (!(e instanceof RelaySignInRequiredError) || e.code !== 'RELAY_ERR_AUTH_EXPIRED') throw e;
      settings = await this.refresh();
      return this.#call(settings.relayUrl, method, path, body, settings.token);
    }
  }

  async #doRefresh(): Promise<WorkbenchSettings> {
    const settings = await this.getSettings();
    if (!settings.refreshToken) throw new RelaySignInRequiredError();
    let pair: TokenPair;
    try {
      pair = (await this.#call(settings.relayUrl, 'POST', '/v1/auth/refresh', {
        refreshToken: settings.refreshToken,
      })) as TokenPair;
    } catch (e: unknown) {
      if (e instanceof RelaySignInRequiredError) await this.signOut();
      throw e;
    }
    await this.#store(pair);
    return this.getSettings();
  }

  async #store(pair: TokenPair): Promise<RelayUser> {
    const saved = await this.saveSettings({
      token: pair.accessToken,
      refreshToken: pair.refreshToken,
      tokenExpiresAt: this.#now() + pair.expiresIn * 1000,
      ...(pair.user ? { user: pair.user } : {}),
    });
    return saved.user ?? { sub: '', name: '', role: 'developer', partnerId: '' };
  }

  async #call(
    relayUrl: string,
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let res: Response;
    try {
      res = await this.#fetch(`${relayUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e: unknown) {
      throw new RelayUnreachableError(relayUrl, e);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    if (res.ok) return json;
    const envelope = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof envelope?.code === 'string' ? envelope.code : `HTTP_${res.status}`;
    const message =
      typeof envelope?.message === 'string' ? envelope.message : `${res.status} ${res.statusText}`.trim();
    if (res.status === 401 && code.startsWith('RELAY_ERR_AUTH'))
      throw new RelaySignInRequiredError(message, code);
    throw new RelayApiError(res.status, code, message, json);
  }
}
