import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build } from '../app.ts';
import { DEFAULT_LOCAL_API_KEY } from '../config/defaults.ts';
import { defaultConfig } from '../config/load-config.ts';
import type { RelayConfig } from '../config/types.ts';
import type { RelayUser } from '../types.ts';
import { TOKEN_ISSUER } from './auth.ts';
import { canAccessPartner, canUseEnvironment, requireRole } from './rbac.ts';

const SECRET = 'test-jwt-secret-test-jwt-secret-0123456789';
const PARTNER_KEY = 'rk_acme_test_key_0000000001';

function config(overrides: Partial<RelayConfig> = {}): RelayConfig {
  const base = defaultConfig();
  return {
    ...base,
    sandbox: false,
    jwt: { ...base.jwt, secret: SECRET },
    partners: [
      ...base.partners,
      { id: 'acme', name: 'Acme', apiKeys: [PARTNER_KEY], defaultSession: 'default' },
    ],
    ...overrides,
  };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await app?.close();
  app = undefined;
});

/** The app with two probe routes: one behind `authenticate`, one behind `authenticatePartnerKey`. */
async function relay(overrides: Partial<RelayConfig> = {}): Promise<FastifyInstance> {
  const built = await build({ config: config(overrides) });
  built.get('/test/whoami', { onRequest: built.authenticate }, async (request) => request.user);
  built.get('/test/key', { onRequest: built.authenticatePartnerKey }, async (request) => request.user);
  built.get('/test/admin', { onRequest: built.authenticate, preHandler: requireRole('admin') }, async () => ({
    ok: true,
  }));
  app = built;
  return built;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function hs256(
  payload: Record<string, unknown>,
  secret = SECRET,
  header: Record<string, unknown> = {},
): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT', ...header })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const DEV: RelayUser = { sub: 'local:dev', name: 'Dev', role: 'developer', partnerId: 'partner-org-name' };
const claims = (extra: Record<string, unknown> = {}) => ({
  ...DEV,
  typ: 'access',
  iss: TOKEN_ISSUER,
  iat: now(),
  exp: now() + 900,
  ...extra,
});

async function whoami(a: FastifyInstance, token?: string, headers: Record<string, string> = {}) {
  return a.inject({
    method: 'GET',
    url: '/test/whoami',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

async function localSignIn(a: FastifyInstance, body: unknown = {}, remoteAddress?: string) {
  return a.inject({
    method: 'POST',
    url: '/v1/auth/local',
    payload: body as object,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

describe('authenticate (relay JWT)', () => {
  it('accepts a token it issued and sets request.user', async () => {
    const a = await relay();
    const res = await whoami(a, await a.issueAccessToken(DEV));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(DEV);
  });

  it('accepts a hand-signed HS256 token with the right claims (control for the attacks below)', async () => {
    const a = await relay();
    expect((await whoami(a, hs256(claims()))).statusCode).toBe(200);
  });

  const attacks: [string, () => string, string][] = [
    ['garbage', () => 'not.a.jwt', 'RELAY_ERR_AUTH_INVALID'],
    ['alg: none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 'RELAY_ERR_AUTH_INVALID'],
    [
      'alg: none with a signature',
      () => `${b64({ alg: 'none' })}.${b64(claims())}.c2ln`,
      'RELAY_ERR_AUTH_INVALID',
    ],
    [
      'wrong secret',
      () => hs256(claims(), 'another-secret-another-secret-0123456789'),
      'RELAY_ERR_AUTH_INVALID',
    ],
    [
      'HS512 with the right secret',
      () => {
        const head = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims())}`;
        return `${head}.${createHmac('sha512', SECRET).update(head).digest('base64url')}`;
      },
      'RELAY_ERR_AUTH_INVALID',
    ],
    [
      'RS256 (key confusion)',
      () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const head = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims({ role: 'admin' }))}`;
        return `${head}.${sign('sha256', Buffer.from(head), privateKey).toString('base64url')}`;
      },
      'RELAY_ERR_AUTH_INVALID',
    ],
    ['another issuer', () => hs256(claims({ iss: 'someone-else' })), 'RELAY_ERR_AUTH_INVALID'],
    ['an unknown role', () => hs256(claims({ role: 'root' })), 'RELAY_ERR_AUTH_INVALID'],
    ['an unconfigured partner', () => hs256(claims({ partnerId: 'ghost' })), 'RELAY_ERR_AUTH_INVALID'],
    ['no typ', () => hs256(claims({ typ: undefined })), 'RELAY_ERR_AUTH_WRONG_TOKEN_TYPE'],
  ];
  it.each(attacks)('refuses %s', async (_name, token, code) => {
    const a = await relay();
    const res = await whoami(a, token());
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe(code);
  });

  it('refuses a request without a token', async () => {
    const a = await relay();
    const res = await whoami(a);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: {
        code: 'RELAY_ERR_AUTH_MISSING',
        message: 'Missing access token: send "Authorization: Bearer <access token>"',
      },
    });
  });

  it('refuses tampered claims (role escalated to admin, signature kept)', async () => {
    const a = await relay();
    const [head, , sig] = (await a.issueAccessToken(DEV)).split('.');
    const forged = `${head}.${b64(claims({ role: 'admin' }))}.${sig}`;
    expect((await whoami(a, forged)).json().error.code).toBe('RELAY_ERR_AUTH_INVALID');
  });

  it('refuses an expired access token (15 minutes)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const a = await relay();
    const token = await a.issueAccessToken(DEV);
    vi.setSystemTime(new Date('2030-01-01T00:14:50Z'));
    expect((await whoami(a, token)).statusCode).toBe(200);
    vi.setSystemTime(new Date('2030-01-01T00:15:01Z'));
    const res = await whoami(a, token);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('RELAY_ERR_AUTH_EXPIRED');
  });

  it('takes access_token from the query on WebSocket upgrades only', async () => {
    const a = await relay();
    const token = await a.issueAccessToken(DEV);
    const plain = await a.inject({ method: 'GET', url: `/test/whoami?access_token=${token}` });
    expect(plain.json().error.code).toBe('RELAY_ERR_AUTH_MISSING');
    const upgrade = await a.inject({
      method: 'GET',
      url: `/test/whoami?access_token=${token}`,
      headers: { upgrade: 'websocket', connection: 'Upgrade' },
    });
    expect(upgrade.statusCode).toBe(200);
  });
});

describe('local sign-in', () => {
  it('issues developer tokens of the default partner to loopback clients', async () => {
    const a = await relay();
    const res = await localSignIn(a, { name: 'Ada Lovelace' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshExpiresIn: 28_800,
      user: {
        sub: 'local:ada-lovelace',
        name: 'Ada Lovelace',
        role: 'developer',
        partnerId: 'partner-org-name',
      },
    });
    const me = await a.inject({
      method: 'GET',
      url: '/v1/auth/me',
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    expect(me.json()).toEqual({ user: body.user, mode: 'local' });
    expect((await localSignIn(a, undefined, '::1')).statusCode).toBe(200);
    expect((await localSignIn(a, {}, '::ffff:127.0.0.1')).statusCode).toBe(200);
  });

  it('refuses non-loopback clients, whatever X-Forwarded-For says', async () => {
    const a = await relay();
    for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }]) {
      const res = await a.inject({
        method: 'POST',
        url: '/v1/auth/local',
        payload: {},
        remoteAddress: '10.0.0.5',
        headers,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('RELAY_ERR_AUTH_NOT_LOOPBACK');
    }
  });

  it('ignores a role escalation attempt in the body', async () => {
    const a = await relay();
    const res = await localSignIn(a, { name: 'Mallory', role: 'admin', partnerId: 'acme' });
    if (res.statusCode === 200)
      expect(res.json().user).toMatchObject({ role: 'developer', partnerId: 'partner-org-name' });
    else expect(res.statusCode).toBe(400);
    const admin = await a.inject({
      method: 'GET',
      url: '/test/admin',
      headers: { authorization: `Bearer ${res.statusCode === 200 ? res.json().accessToken : ''}` },
    });
    expect(admin.statusCode).toBeGreaterThanOrEqual(401);
  });

  it('redirects an extension sign-in with the tokens in the fragment', async () => {
    const a = await relay();
    const redirect = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/relay';
    const res = await a.inject({
      method: 'GET',
      url: `/v1/auth/local/authorize?redirect_uri=${encodeURIComponent(redirect)}&state=xyz`,
    });
    expect(res.statusCode).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(redirect);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('state')).toBe('xyz');
    expect(fragment.get('token_type')).toBe('Bearer');
    expect((await whoami(a, fragment.get('access_token')!)).statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each([
    'https://evil.example.com/',
    'http://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
    'https://user:pw@abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
    'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org.evil.com/',
    'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org:8443/',
    'https://short.chromiumapp.org/',
    'javascript:alert(1)',
  ])('refuses redirect_uri %s', async (uri) => {
    const a = await relay();
    const res = await a.inject({
      method: 'GET',
      url: `/v1/auth/local/authorize?redirect_uri=${encodeURIComponent(uri)}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('RELAY_ERR_AUTH_REDIRECT_URI');
  });

  it('accepts a Firefox extension redirect URL', async () => {
    const a = await relay();
    const uri = 'https://0123456789abcdef0123456789abcdef01234567.extensions.allizom.org/';
    const res = await a.inject({
      method: 'GET',
      url: `/v1/auth/local/authorize?redirect_uri=${encodeURIComponent(uri)}`,
    });
    expect(res.statusCode).toBe(302);
  });

  it('answers the OIDC routes with a clear error in local mode', async () => {
    const a = await relay();
    const res = await a.inject({ method: 'GET', url: '/v1/auth/oidc/login' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('RELAY_ERR_AUTH_OIDC_DISABLED');
  });

  it('refuses the extension sign-in from non-loopback clients', async () => {
    const a = await relay();
    const uri = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
    const res = await a.inject({
      method: 'GET',
      url: `/v1/auth/local/authorize?redirect_uri=${encodeURIComponent(uri)}`,
      remoteAddress: '10.0.0.5',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('refresh tokens', () => {
  async function refresh(a: FastifyInstance, refreshToken: string) {
    return a.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });
  }

  it('rotates: a refresh token works once, and its reuse revokes the whole sign-in', async () => {
    const a = await relay();
    const first = (await localSignIn(a)).json();
    const second = await refresh(a, first.refreshToken);
    expect(second.statusCode).toBe(200);
    const pair = second.json();
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    expect((await whoami(a, pair.accessToken)).statusCode).toBe(200);

    const reuse = await refresh(a, first.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('RELAY_ERR_AUTH_REFRESH_REUSED');
    expect((await refresh(a, pair.refreshToken)).json().error.code).toBe('RELAY_ERR_AUTH_REFRESH_REUSED');
  });

  it('refuses a refresh token used as an access token, and vice versa', async () => {
    const a = await relay();
    const tokens = (await localSignIn(a)).json();
    const asAccess = await whoami(a, tokens.refreshToken);
    expect(asAccess.statusCode).toBe(401);
    expect(asAccess.json()).toEqual({
      error: {
        code: 'RELAY_ERR_AUTH_WRONG_TOKEN_TYPE',
        message: 'Expected an access token, got a refresh token',
      },
    });
    const asRefresh = await refresh(a, tokens.accessToken);
    expect(asRefresh.statusCode).toBe(401);
    expect(asRefresh.json().error.code).toBe('RELAY_ERR_AUTH_WRONG_TOKEN_TYPE');
  });

  it('refuses garbage and expired refresh tokens', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const a = await relay();
    expect((await refresh(a, 'garbage')).json().error.code).toBe('RELAY_ERR_AUTH_REFRESH_INVALID');
    const tokens = (await localSignIn(a)).json();
    vi.setSystemTime(new Date('2030-01-01T08:00:01Z'));
    expect((await refresh(a, tokens.refreshToken)).json().error.code).toBe('RELAY_ERR_AUTH_REFRESH_INVALID');
  });
});

describe('authenticatePartnerKey', () => {
  it('identifies the partner of a configured key (header or bearer), from anywhere', async () => {
    const a = await relay();
    for (const headers of [{ 'x-relay-key': PARTNER_KEY }, { authorization: `Bearer ${PARTNER_KEY}` }]) {
      const res = await a.inject({ method: 'GET', url: '/test/key', headers, remoteAddress: '10.0.0.5' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        sub: 'key:acme',
        name: 'Acme (API key)',
        role: 'developer',
        partnerId: 'acme',
      });
    }
  });

  it('refuses missing and unknown keys', async () => {
    const a = await relay();
    expect((await a.inject({ method: 'GET', url: '/test/key' })).json().error.code).toBe(
      'RELAY_ERR_AUTH_KEY_MISSING',
    );
    const wrong = await a.inject({
      method: 'GET',
      url: '/test/key',
      headers: { 'x-relay-key': `${PARTNER_KEY}x` },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('RELAY_ERR_AUTH_KEY_INVALID');
  });

  it('accepts the default local key only from loopback in local mode', async () => {
    const a = await relay();
    const headers = { 'x-relay-key': DEFAULT_LOCAL_API_KEY };
    const local = await a.inject({ method: 'GET', url: '/test/key', headers });
    expect(local.json()).toMatchObject({ partnerId: 'partner-org-name' });
    const remote = await a.inject({ method: 'GET', url: '/test/key', headers, remoteAddress: '10.0.0.5' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.code).toBe('RELAY_ERR_AUTH_KEY_NOT_LOOPBACK');
  });

  it('never accepts a relay JWT as an API key', async () => {
    const a = await relay();
    const res = await a.inject({
      method: 'GET',
      url: '/test/key',
      headers: { authorization: `Bearer ${await a.issueAccessToken(DEV)}` },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('RBAC', () => {
  it('requireRole(admin) refuses developers and admits admins', async () => {
    const a = await relay();
    const dev = await a.inject({
      method: 'GET',
      url: '/test/admin',
      headers: { authorization: `Bearer ${await a.issueAccessToken(DEV)}` },
    });
    expect(dev.statusCode).toBe(403);
    expect(dev.json().error).toEqual({
      code: 'RELAY_ERR_AUTH_FORBIDDEN_ROLE',
      message: 'This requires the admin role',
    });
    const adminToken = await a.issueAccessToken({ ...DEV, role: 'admin' });
    expect(
      (
        await a.inject({
          method: 'GET',
          url: '/test/admin',
          headers: { authorization: `Bearer ${adminToken}` },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('production environments need admin; partners are the user’s own unless admin', () => {
    const admin: RelayUser = { ...DEV, role: 'admin' };
    expect(canUseEnvironment(DEV, { production: false })).toBe(true);
    expect(canUseEnvironment(DEV, { production: true })).toBe(false);
    expect(canUseEnvironment(admin, { production: true })).toBe(true);
    expect(canAccessPartner(DEV, 'partner-org-name')).toBe(true);
    expect(canAccessPartner(DEV, 'acme')).toBe(false);
    expect(canAccessPartner(admin, 'acme')).toBe(true);
  });
});
