import { afterEach, describe, expect, it } from 'vitest';
import { buildTestRelay, USERS } from '../../test-support/relay-test-app.ts';
import type { RelayUser } from '../../types.ts';
import { piiExchange } from './fixtures.ts';

let relay: Awaited<ReturnType<typeof buildTestRelay>> | undefined;
afterEach(async () => {
  await relay?.app.close();
  relay = undefined;
});

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, user?: RelayUser, payload?: unknown) =>
  relay!.app.inject({
    method,
    url,
    headers: user ? { authorization: `Bearer ${relay!.token(user)}` } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('team session REST routes', () => {
  it('POST creates a session with a share URL; GET lists and reads it', async () => {
    relay = await buildTestRelay();
    const created = await call('POST', '/v1/sessions', USERS.ada, { name: 'bug 42' });
    expect(created.statusCode).toBe(201);
    const info = created.json();
    expect(info).toMatchObject({ name: 'bug 42', partnerId: 'partner-a', head: 0, members: 0 });
    expect(info.shareUrl).toBe(`http://relay.test/s/${info.id}`);
    expect((await call('GET', '/v1/sessions', USERS.grace)).json().sessions).toHaveLength(1);
    expect((await call('GET', '/v1/sessions', USERS.mallory)).json().sessions).toHaveLength(0);
    expect((await call('GET', '/v1/sessions', USERS.root)).json().sessions).toHaveLength(1);
    expect((await call('GET', `/v1/sessions/${info.id}`, USERS.grace)).json().id).toBe(info.id);
  });

  it('refuses without a token, for another partner, and for unknown ids', async () => {
    relay = await buildTestRelay();
    const { id } = (await call('POST', '/v1/sessions', USERS.ada, {})).json();
    expect((await call('POST', '/v1/sessions', undefined, {})).statusCode).toBe(401);
    expect((await call('GET', '/v1/sessions')).statusCode).toBe(401);
    const other = await call('GET', `/v1/sessions/${id}`, USERS.mallory);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('RELAY_ERR_SESSION_FORBIDDEN');
    const missing = await call('GET', '/v1/sessions/Snope', USERS.ada);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('RELAY_ERR_SESSION_NOT_FOUND');
    expect((await call('POST', '/v1/sessions', USERS.ada, { name: '' })).statusCode).toBe(400);
  });

  it('GET /v1/sessions/default resolves the partner default session', async () => {
    relay = await buildTestRelay();
    const a = (await call('GET', '/v1/sessions/default', USERS.ada)).json();
    const b = (await call('GET', '/v1/sessions/default', USERS.mallory)).json();
    expect(a.name).toBe('default');
    expect(a.id).not.toBe(b.id);
    expect(relay.app.sessions.publish('partner-a', 'default', piiExchange(), USERS.ada) ?? 0).toBeGreaterThan(
      0,
    );
    expect((await call('GET', `/v1/sessions/${a.id}`, USERS.grace)).json().head).toBe(1);
  });

  it('DELETE: owner or admin only', async () => {
    relay = await buildTestRelay();
    const { id } = (await call('POST', '/v1/sessions', USERS.ada, {})).json();
    expect((await call('DELETE', `/v1/sessions/${id}`, USERS.grace)).statusCode).toBe(403);
    expect((await call('DELETE', `/v1/sessions/${id}`, USERS.ada)).statusCode).toBe(204);
    expect((await call('GET', `/v1/sessions/${id}`, USERS.ada)).statusCode).toBe(404);
  });
});
