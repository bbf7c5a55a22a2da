import { afterEach, describe, expect, it } from 'vitest';
import { buildTestRelay } from '../../test-support/relay-test-app.ts';
import { TestClient } from '../../test-support/ws-client.ts';

type Pair = { accessToken: string; refreshToken: string };

let relay: Awaited<ReturnType<typeof buildTestRelay>> | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await relay?.app.close();
  relay = undefined;
});

async function post(path: string, body: unknown): Promise<{ status: number; json: Pair }> {
  const res = await fetch(`${relay!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Pair };
}

async function connect(token: string): Promise<TestClient> {
  const c = await TestClient.connect(relay!.url, 'default', token);
  clients.push(c);
  return c;
}

describe('open WebSockets after their sign-in is revoked', () => {
  it('are closed with unauthorized (4401) at the next heartbeat; other sign-ins stay connected', async () => {
    relay = await buildTestRelay({ sessions: { heartbeatMs: 100 } });
    const first = (await post('/v1/auth/local', { name: 'Victim' })).json;
    const rotated = await post('/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(rotated.status).toBe(200);
    const victim = await connect(rotated.json.accessToken);
    await victim.hello(rotated.json.accessToken);
    const bystander = await connect((await post('/v1/auth/local', { name: 'Other' })).json.accessToken);
    await bystander.hello();

    // The first refresh token is replayed (stolen): the whole sign-in is revoked.
    expect((await post('/v1/auth/refresh', { refreshToken: first.refreshToken })).status).toBe(401);
    expect(await victim.closed).toEqual({ code: 4401, reason: 'unauthorized' });
    expect(victim.received.find((m) => m.type === 'error')).toMatchObject({ code: 'unauthorized' });
    // Checked in the same heartbeat tick, the other sign-in's socket is still served.
    bystander.send({ v: 1, type: 'ping', id: 'p1', nonce: 'n1' });
    expect(await bystander.next('pong')).toMatchObject({ nonce: 'n1', ref: 'p1' });
  });

  it('hello refuses an access token of a revoked sign-in', async () => {
    relay = await buildTestRelay();
    const first = (await post('/v1/auth/local', { name: 'Victim' })).json;
    const second = (await post('/v1/auth/refresh', { refreshToken: first.refreshToken })).json;
    expect((await post('/v1/auth/refresh', { refreshToken: first.refreshToken })).status).toBe(401);
    // Upgraded with a valid token of another sign-in, then `hello` with the revoked one.
    const c = await connect((await post('/v1/auth/local', {})).json.accessToken);
    c.send({
      v: 1,
      type: 'hello',
      id: 'h1',
      client: { name: 'test', version: '1' },
      token: second.accessToken,
    });
    expect(await c.next('error')).toMatchObject({ code: 'unauthorized', ref: 'h1' });
    expect((await c.closed).code).toBe(4401);
  });
});
