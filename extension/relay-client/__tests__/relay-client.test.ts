import { describe, expect, it } from 'vitest';
import { RelayApiError, RelaySignInRequiredError, RelayUnreachableError } from '../errors.ts';
import { RelayClient } from '../relay-client.ts';
import { getSettings, type KeyValueStorage, SETTINGS_KEY, saveSettings } from '../settings.ts';

function memoryStorage(): KeyValueStorage & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => {
      Object.assign(data, structuredClone(items));
    },
    remove: async (key) => {
      delete data[key];
    },
  };
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function fakeFetch(handler: Handler) {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return handler(String(input), init ?? {});
  }) as typeof fetch;
  return { f, calls };
}

const USER = { sub: 'local:ada', name: 'Ada', role: 'developer', partnerId: 'partner-org-name' };
const pair = (n: number) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshExpiresIn: 28800,
  user: USER,
});

describe('settings', () => {
  it('defaults and drops invalid stored values', async () => {
    const storage = memoryStorage();
    storage.data[SETTINGS_KEY] = {
      relayUrl: 'javascript:alert(1)',
      detectionRules: 'nope',
      extraMaskingKeys: ['a', 3],
    };
    const s = await getSettings(storage);
    expect(s.relayUrl).toBe('http://127.0.0.1:8787');
    expect(s.detectionRules).toEqual([]);
    expect(s.extraMaskingKeys).toEqual(['a']);
    expect(s.defaultEnvironment).toBe('sandbox');
  });

  it('merges and removes fields set to undefined', async () => {
    const storage = memoryStorage();
    await saveSettings(storage, { relayUrl: 'http://127.0.0.1:9999/', token: 't' });
    const s = await saveSettings(storage, { token: undefined });
    expect(s.relayUrl).toBe('http://127.0.0.1:9999');
    expect(s.token).toBeUndefined();
  });
});

describe('RelayClient', () => {
  it('signs in in local mode with one POST and stores the tokens and user', async () => {
    const storage = memoryStorage();
    const { f, calls } = fakeFetch((url) =>
      url.endsWith('/health') ? json(200, { status: 'ok', mode: 'local' }) : json(200, pair(1)),
    );
    const client = new RelayClient({ storage, fetch: f, now: () => 1_000 });
    expect(await client.signIn()).toEqual(USER);
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET http://127.0.0.1:8787/health',
      'POST http://127.0.0.1:8787/v1/auth/local',
    ]);
    const s = await client.getSettings();
    expect(s).toMatchObject({
      token: 'access-1',
      refreshToken: 'refresh-1',
      tokenExpiresAt: 901_000,
      user: USER,
    });
  });

  it('signs in with launchWebAuthFlow in OIDC mode (tokens from the fragment, state checked)', async () => {
    const storage = memoryStorage();
    let launched = '';
    const { f } = fakeFetch((url) =>
      url.endsWith('/health')
        ? json(200, { status: 'ok', mode: 'oidc' })
        : json(200, { user: USER, mode: 'oidc' }),
    );
    const client = new RelayClient({
      storage,
      fetch: f,
      identity: {
        getRedirectURL: () => 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
        launchWebAuthFlow: async ({ url }) => {
          launched = url;
          const state = new URL(url).searchParams.get('state');
          return `https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/#access_token=a&refresh_token=r&expires_in=900&state=${state}`;
        },
      },
    });
    expect(await client.signIn()).toEqual(USER);
    expect(launched).toMatch(
      /^http:\/\/127\.0\.0\.1:8787\/v1\/auth\/oidc\/login\?redirect_uri=https%3A%2F%2F/,
    );
    expect((await client.getSettings()).token).toBe('a');
  });

  it('reports an unreachable relay as RelayUnreachableError', async () => {
    const client = new RelayClient({
      storage: memoryStorage(),
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    await expect(client.health()).rejects.toBeInstanceOf(RelayUnreachableError);
  });

  it('refreshes once on RELAY_ERR_AUTH_EXPIRED and retries the call', async () => {
    const storage = memoryStorage();
    await saveSettings(storage, { token: 'old', refreshToken: 'refresh-0', user: USER as never });
    const { f, calls } = fakeFetch((url, init) => {
      if (url.endsWith('/v1/auth/refresh')) return json(200, pair(2));
      const auth = (init.headers as Record<string, string>)['Authorization'];
      if (auth === 'Bearer old')
        return json(401, { error: { code: 'RELAY_ERR_AUTH_EXPIRED', message: 'expired' } });
      return json(200, { exchange: { id: 'x' } });
    });
    const client = new RelayClient({ storage, fetch: f });
    expect(await client.replay({ method: 'GET', path: '/a' })).toEqual({ exchange: { id: 'x' } });
    expect(calls.map((c) => c.url.replace('http://127.0.0.1:8787', ''))).toEqual([
      '/v1/replay',
      '/v1/auth/refresh',
      '/v1/replay',
    ]);
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      method: 'GET',
      path: '/a',
      environment: 'sandbox',
    });
    expect((await client.getSettings()).token).toBe('access-2');
  });

  it('asks to sign in again when the refresh token is refused, and forgets the tokens', async () => {
    const storage = memoryStorage();
    await saveSettings(storage, { token: 'old', refreshToken: 'used', tokenExpiresAt: 0 });
    const { f } = fakeFetch(() =>
      json(401, { error: { code: 'RELAY_ERR_AUTH_REFRESH_REUSED', message: 'Refresh token already used' } }),
    );
    const client = new RelayClient({ storage, fetch: f, now: () => 10_000 });
    const err = await client.replay({ method: 'GET', path: '/a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RelaySignInRequiredError);
    expect((await client.getSettings()).token).toBeUndefined();
  });

  it('throws RelaySignInRequiredError without a token', async () => {
    const client = new RelayClient({ storage: memoryStorage(), fetch: fakeFetch(() => json(200, {})).f });
    await expect(client.replay({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(
      RelaySignInRequiredError,
    );
  });

  it('surfaces the relay envelope verbatim (replay blocked)', async () => {
    const storage = memoryStorage();
    await saveSettings(storage, { token: 't' });
    const message = 'Replay of POST /poslp/services/avvance-loan/v1/void is blocked: voids move money';
    const { f } = fakeFetch(() => json(403, { error: { code: 'RELAY_ERR_REPLAY_BLOCKED', message } }));
    const err = await new RelayClient({ storage, fetch: f })
      .replay({ method: 'POST', path: '/poslp/services/avvance-loan/v1/void' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RelayApiError);
    expect(err).toMatchObject({ status: 403, code: 'RELAY_ERR_REPLAY_BLOCKED', message });
  });

  it('signs out by forgetting tokens and user', async () => {
    const storage = memoryStorage();
    await saveSettings(storage, { token: 't', refreshToken: 'r', user: USER as never });
    const client = new RelayClient({ storage, fetch: fakeFetch(() => json(200, {})).f });
    await client.signOut();
    const s = await client.getSettings();
    expect([s.token, s.refreshToken, s.user]).toEqual([undefined, undefined, undefined]);
  });
});
