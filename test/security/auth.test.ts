/**
 * Auth attacks on the real relay that relay/src/plugins/auth.test.ts (alg none, wrong key, RS/HS512
 * confusion, expired, tampered claims, wrong token type, non-loopback) and relay/src/plugins/oidc.test.ts
 * (OIDC state/CSRF, PKCE, claim mapping) do not already cover: refresh-family revocation reaching access
 * tokens and WebSocket upgrades, cross-partner session read/join/publish/delete, role escalation on
 * production environments, cross-partner webhooks and API keys.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../relay/src/test-support/ws-client.ts';
import {
  ADMIN,
  CANARY,
  CANARY_EXTRA,
  DEV,
  environment,
  MALLORY,
  postJson,
  startWorkbench,
  type Workbench,
} from './support/workbench.ts';

let relay: Workbench;
const clients: TestClient[] = [];

beforeAll(async () => {
  relay = await startWorkbench({
    environments: [environment('prod', 'https://127.0.0.1:9', { production: true })],
  });
});
afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await relay?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function upgradeStatus(path: string): Promise<number> {
  const c = new TestClient(`${relay.url.replace('http', 'ws')}${path}`);
  clients.push(c);
  try {
    await c.opened;
    return 101;
  } catch (e) {
    return Number(/HTTP (\d+)/.exec(String(e))?.[1] ?? 0);
  }
}

async function sessionOf(token: string, name = 'team'): Promise<string> {
  const res = await postJson(`${relay.url}/v1/sessions`, { name }, auth(token));
  expect(res.status, res.text).toBe(201);
  return (res.json as { id: string }).id;
}

describe('refresh-family revocation', () => {
  it('a reused refresh token revokes the access tokens of the sign-in, over HTTP and WebSocket', async () => {
    const first = (await postJson(`${relay.url}/v1/auth/local`, { name: 'Victim' })).json as {
      accessToken: string;
      refreshToken: string;
    };
    const rotated = await postJson(`${relay.url}/v1/auth/refresh`, { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    const second = rotated.json as { accessToken: string; refreshToken: string };
    const session = await sessionOf(second.accessToken);
    expect(await upgradeStatus(`/v1/sessions/${session}/stream?access_token=${second.accessToken}`)).toBe(
      101,
    );

    // The stolen first refresh token is replayed: the whole sign-in is revoked.
    const reuse = await postJson(`${relay.url}/v1/auth/refresh`, { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.text).toContain('RELAY_ERR_AUTH_REFRESH_REUSED');
    for (const token of [first.accessToken, second.accessToken]) {
      const me = await fetch(`${relay.url}/v1/auth/me`, { headers: auth(token) });
      expect(me.status).toBe(401);
      expect(await me.text()).toContain('RELAY_ERR_AUTH_REFRESH_REUSED');
      expect(await upgradeStatus(`/v1/sessions/${session}/stream?access_token=${token}`)).toBe(401);
    }
    const again = await postJson(`${relay.url}/v1/auth/refresh`, { refreshToken: second.refreshToken });
    expect(again.status).toBe(401);
    // Another sign-in is unaffected.
    const other = (await postJson(`${relay.url}/v1/auth/local`, {})).json as { accessToken: string };
    expect((await fetch(`${relay.url}/v1/auth/me`, { headers: auth(other.accessToken) })).status).toBe(200);
  });

  it('refuses WebSocket upgrades without a token, with garbage, or with the JWT secret as a token', async () => {
    const session = await sessionOf(await relay.token());
    expect(await upgradeStatus(`/v1/sessions/${session}/stream`)).toBe(401);
    expect(await upgradeStatus(`/v1/sessions/${session}/stream?access_token=x.y.z`)).toBe(401);
    expect(await upgradeStatus(`/v1/sessions/${session}/stream?access_token=${CANARY_EXTRA.jwtSecret}`)).toBe(
      401,
    );
  });
});

describe('cross-partner isolation', () => {
  it('another partner can neither read, list, delete, join nor publish to a session', async () => {
    const owner = await relay.token(DEV);
    const intruder = await relay.token(MALLORY);
    const id = await sessionOf(owner, 'private');
    const read = await fetch(`${relay.url}/v1/sessions/${id}`, { headers: auth(intruder) });
    expect([403, 404]).toContain(read.status);
    const list = (await (await fetch(`${relay.url}/v1/sessions`, { headers: auth(intruder) })).json()) as {
      sessions: { id: string }[];
    };
    expect(list.sessions.map((s) => s.id)).not.toContain(id);
    const del = await fetch(`${relay.url}/v1/sessions/${id}`, { method: 'DELETE', headers: auth(intruder) });
    expect([403, 404]).toContain(del.status);
    expect((await fetch(`${relay.url}/v1/sessions/${id}`, { headers: auth(owner) })).status).toBe(200);
    expect([403, 404]).toContain(await upgradeStatus(`/v1/sessions/${id}/stream?access_token=${intruder}`));

    // On a connection opened for its own session, the intruder names the other one.
    const own = await sessionOf(intruder, 'mine');
    const c = await TestClient.connect(relay.url, own, intruder);
    clients.push(c);
    await c.hello();
    c.send({ v: 1, type: 'subscribe', id: 'x1', session: id });
    c.send({ v: 1, type: 'publish', id: 'x2', session: id, exchange: { nope: true } });
    const e1 = await c.next('error');
    const e2 = await c.next('error');
    expect([e1.ref, e2.ref].sort()).toEqual(['x1', 'x2']);
    // The owner's session saw nothing.
    const watcher = await TestClient.connect(relay.url, id, owner);
    clients.push(watcher);
    await watcher.hello();
    expect((await watcher.subscribe(id)).head).toBe(0);
  });

  it('an admin may act for any partner', async () => {
    const id = await sessionOf(await relay.token(MALLORY), 'b-team');
    expect(
      (await fetch(`${relay.url}/v1/sessions/${id}`, { headers: auth(await relay.token(ADMIN)) })).status,
    ).toBe(200);
  });

  it('webhooks and API keys of one partner do not work for another', async () => {
    const basic = `Basic ${Buffer.from(`${CANARY_EXTRA.webhookUser}:${CANARY_EXTRA.webhookPassword}`).toString('base64')}`;
    const hook = await postJson(
      `${relay.url}/v1/webhooks/partner-b`,
      { eventName: 'X' },
      { authorization: basic },
    );
    expect(hook.status).toBeGreaterThanOrEqual(400);
    expect(hook.status).toBeLessThan(500);
    // A relay JWT is not an API key, an API key is not a relay JWT.
    const jwtAsKey = await fetch(`${relay.url}/v1/proxy/sandbox/poslp/x`, {
      headers: { 'x-relay-key': await relay.token(ADMIN) },
    });
    expect(jwtAsKey.status).toBe(401);
    const keyAsJwt = await fetch(`${relay.url}/v1/auth/me`, { headers: auth(CANARY.apiKey) });
    expect(keyAsJwt.status).toBe(401);
  });
});

describe('role escalation', () => {
  it('developers cannot use a production environment; the body cannot change the role', async () => {
    const dev = await relay.token(DEV);
    const res = await postJson(
      `${relay.url}/v1/replay`,
      { environment: 'prod', method: 'GET', path: '/poslp/x', role: 'admin', user: { role: 'admin' } },
      auth(dev),
    );
    // The schema refuses unknown fields, or the role check refuses the environment.
    expect([400, 403]).toContain(res.status);
    const clean = await postJson(
      `${relay.url}/v1/replay`,
      { environment: 'prod', method: 'GET', path: '/poslp/x' },
      auth(dev),
    );
    expect(clean.status).toBe(403);
    expect(clean.text).toContain('RELAY_ERR_AUTH_FORBIDDEN_ENVIRONMENT');
    const viaKey = await fetch(`${relay.url}/v1/proxy/prod/poslp/x`, {
      headers: { 'x-relay-key': CANARY.apiKey },
    });
    expect(viaKey.status).toBe(403);
    const local = await postJson(`${relay.url}/v1/auth/local`, {
      name: 'x',
      role: 'admin',
      partnerId: 'partner-b',
    });
    expect([200, 400]).toContain(local.status);
    if (local.status === 200) expect((local.json as { user: { role: string } }).user.role).toBe('developer');
  });
});
