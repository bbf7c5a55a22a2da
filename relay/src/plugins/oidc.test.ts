/**
 * OIDC sign-in against a REAL identity provider (`oidc-provider`, started here on 127.0.0.1:0), driven with
 * plain HTTP: follow the redirects, submit the dev-interaction login and consent forms, then hand the
 * callback to the relay. No mocks.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { defaultConfig } from '../config/load-config.ts';
import type { RelayConfig } from '../config/types.ts';
import { userFromClaims } from './oidc.ts';

const PUBLIC_URL = 'http://127.0.0.1:8787';
const CLIENT = { id: 'workbench', secret: 'workbench-client-secret' };
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  ada: { name: 'Ada Lovelace', avvance_role: 'developer', avvance_partner: 'acme' },
  root: { name: 'Root', avvance_role: 'admin' },
  eve: { name: 'Eve', avvance_role: 'superuser', avvance_partner: 'acme' },
  stranger: { name: 'Stranger', avvance_partner: 'unknown-partner' },
};

let idp: Server;
let issuer: string;

beforeAll(async () => {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  idp = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [`${PUBLIC_URL}/v1/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'avvance_role', 'avvance_partner'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['test-cookie-key-test-cookie-key'] },
    jwks: {
      keys: [
        {
          ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
          kid: 'k1',
        },
      ],
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, ...ACCOUNTS[id] }),
    }),
  });
  handler = provider.callback();
});

afterAll(async () => {
  await new Promise((resolve) => idp.close(resolve));
});

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function relay(): Promise<FastifyInstance> {
  const base = defaultConfig();
  const config: RelayConfig = {
    ...base,
    sandbox: false,
    publicUrl: PUBLIC_URL,
    mode: 'oidc',
    jwt: { ...base.jwt, secret: 'oidc-test-secret-oidc-test-secret-0123' },
    oidc: {
      issuer,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      roleClaim: 'avvance_role',
      partnerClaim: 'avvance_partner',
      scopes: ['openid', 'profile'],
    },
    partners: [...base.partners, { id: 'acme', name: 'Acme', apiKeys: [], defaultSession: 'default' }],
  };
  app = await build({ config });
  return app;
}

/** A minimal cookie jar (one host each: the relay, the provider). */
class Jar {
  readonly cookies = new Map<string, string>();
  take(setCookie: string[]): void {
    for (const line of setCookie) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

function setCookiesOf(header: string | string[] | undefined): string[] {
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
}

/** Drives the provider from its authorization URL to the relay callback URL, signing in as `account`. */
async function throughProvider(authorizationUrl: string, account: string): Promise<URL> {
  const jar = new Jar();
  let url = authorizationUrl;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(PUBLIC_URL)) return new URL(url);
    let res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res.headers.getSetCookie());
    if (res.status === 200) {
      const html = await res.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const action = /action="([^"]+)"/.exec(html)?.[1];
      if (!prompt || !action) throw new Error(`unexpected page at ${url}: ${html.slice(0, 200)}`);
      const form = new URLSearchParams(
        prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt },
      );
      res = await fetch(new URL(action, url), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      jar.take(res.headers.getSetCookie());
    }
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`no redirect from ${url} (${res.status}): ${(await res.text()).slice(0, 200)}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

/** Starts the sign-in at the relay, goes through the provider, returns the callback URL and relay cookies. */
async function signIn(a: FastifyInstance, account: string, query = '') {
  const start = await a.inject({ method: 'GET', url: `/v1/auth/oidc/login${query}` });
  expect(start.statusCode).toBe(302);
  const location = start.headers.location as string;
  expect(location.startsWith(issuer)).toBe(true);
  const authorize = new URL(location);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  const jar = new Jar();
  jar.take(setCookiesOf(start.headers['set-cookie']));
  const callback = await throughProvider(location, account);
  return { callback, cookie: jar.header() };
}

async function callbackWith(a: FastifyInstance, callback: URL, cookie: string) {
  return a.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie } });
}

describe('OIDC sign-in (authorization code + PKCE, real oidc-provider)', () => {
  it('maps the ID-token claims onto a relay user and issues relay tokens', async () => {
    const a = await relay();
    const { callback, cookie } = await signIn(a, 'ada');
    const res = await callbackWith(a, callback, cookie);
    expect(res.statusCode, res.body).toBe(200);
    const tokens = res.json();
    expect(tokens.user).toEqual({ sub: 'ada', name: 'Ada Lovelace', role: 'developer', partnerId: 'acme' });
    const me = await a.inject({
      method: 'GET',
      url: '/v1/auth/me',
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(me.json()).toEqual({ user: tokens.user, mode: 'oidc' });
    const refreshed = await a.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
  });

  it('gives admins without a partner claim the first partner', async () => {
    const a = await relay();
    const { callback, cookie } = await signIn(a, 'root');
    expect((await callbackWith(a, callback, cookie)).json().user).toEqual({
      sub: 'root',
      name: 'Root',
      role: 'admin',
      partnerId: 'partner-org-name',
    });
  });

  it('refuses an unknown role and an unconfigured partner', async () => {
    const a = await relay();
    const eve = await signIn(a, 'eve');
    const refused = await callbackWith(a, eve.callback, eve.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toEqual({
      code: 'RELAY_ERR_AUTH_OIDC_CLAIMS',
      message: 'Sign-in refused: claim avvance_role has an unknown role (expected "developer" or "admin")',
    });
    const stranger = await signIn(a, 'stranger');
    expect((await callbackWith(a, stranger.callback, stranger.cookie)).json().error.code).toBe(
      'RELAY_ERR_AUTH_OIDC_CLAIMS',
    );
  });

  it('refuses a callback whose state does not match the browser’s state cookie (CSRF)', async () => {
    const a = await relay();
    // The attacker's own authorization response, replayed into the victim's browser (which holds another state).
    const attacker = await signIn(a, 'ada');
    const victim = await a.inject({ method: 'GET', url: '/v1/auth/oidc/login' });
    const victimJar = new Jar();
    victimJar.take(setCookiesOf(victim.headers['set-cookie']));
    const forged = await callbackWith(a, attacker.callback, victimJar.header());
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('RELAY_ERR_AUTH_OIDC_STATE');
    // No cookie at all: refused too.
    expect((await callbackWith(a, attacker.callback, '')).json().error.code).toBe(
      'RELAY_ERR_AUTH_OIDC_STATE',
    );
  });

  it('hands the tokens to the extension redirect URL in the fragment', async () => {
    const a = await relay();
    const redirect = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/cb';
    const { callback, cookie } = await signIn(
      a,
      'ada',
      `?redirect_uri=${encodeURIComponent(redirect)}&state=s1`,
    );
    const res = await callbackWith(a, callback, cookie);
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(redirect);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('state')).toBe('s1');
    const me = await a.inject({
      method: 'GET',
      url: '/v1/auth/me',
      headers: { authorization: `Bearer ${fragment.get('access_token')}` },
    });
    expect(me.json().user.sub).toBe('ada');
  });

  it('refuses a non-extension redirect_uri before leaving the relay', async () => {
    const a = await relay();
    const res = await a.inject({
      method: 'GET',
      url: '/v1/auth/oidc/login?redirect_uri=https%3A%2F%2Fevil.example.com%2F',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('RELAY_ERR_AUTH_REDIRECT_URI');
  });

  it('reports a provider refusal, and disables local sign-in', async () => {
    const a = await relay();
    const denied = await a.inject({
      method: 'GET',
      url: '/v1/auth/oidc/callback?error=access_denied&state=x',
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('RELAY_ERR_AUTH_OIDC_DENIED');
    const local = await a.inject({ method: 'POST', url: '/v1/auth/local', payload: {} });
    expect(local.statusCode).toBe(403);
    expect(local.json().error.code).toBe('RELAY_ERR_AUTH_LOCAL_DISABLED');
  });
});

describe('userFromClaims', () => {
  const oidc = { roleClaim: 'r', partnerClaim: 'p' };
  const config = { partners: [{ id: 'a', name: 'A', apiKeys: [], defaultSession: 'default' }] };
  it('defaults a missing role to developer and needs a partner for developers', () => {
    expect(userFromClaims({ sub: 's', p: 'a' }, oidc, config)).toEqual({
      sub: 's',
      name: 's',
      role: 'developer',
      partnerId: 'a',
    });
    expect(userFromClaims({ sub: 's' }, oidc, config)).toBe('claim p (the Avvance partner id) is missing');
  });
});
