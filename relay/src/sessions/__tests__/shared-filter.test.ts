import { afterEach, describe, expect, it } from 'vitest';
import { buildTestRelay, USERS } from '../../test-support/relay-test-app.ts';
import { TestClient } from '../../test-support/ws-client.ts';
import type { RelayUser } from '../../types.ts';

let relay: Awaited<ReturnType<typeof buildTestRelay>> | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await relay?.app.close();
  relay = undefined;
});

async function createSession(user: RelayUser = USERS.ada): Promise<string> {
  const res = await relay!.app.inject({
    method: 'POST',
    url: '/v1/sessions',
    headers: { authorization: `Bearer ${relay!.token(user)}` },
    payload: { name: 'team' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function join(sessionId: string, user: RelayUser): Promise<TestClient> {
  const c = await TestClient.connect(relay!.url, sessionId, relay!.token(user));
  clients.push(c);
  await c.hello();
  await c.subscribe(sessionId);
  return c;
}

describe('share-filter over real WebSockets', () => {
  it('reaches the other members with sentBy, not the sender; the sender gets its ack', async () => {
    relay = await buildTestRelay();
    const id = await createSession();
    const ada = await join(id, USERS.ada);
    const grace = await join(id, USERS.grace);
    ada.send({
      v: 1,
      type: 'share-filter',
      id: 'f1',
      session: id,
      name: 'Failed creates',
      query: 'status:5xx path:create',
    });
    expect(await ada.next('ack')).toMatchObject({ ref: 'f1', session: id });
    const shared = await grace.next('shared-filter');
    expect(shared).toMatchObject({
      session: id,
      name: 'Failed creates',
      query: 'status:5xx path:create',
      sentBy: { name: USERS.ada.name },
    });
    // A later frame proves the sender's own filter was never echoed back to it.
    ada.send({ v: 1, type: 'ping', id: 'n1', nonce: 'x' });
    await ada.next('pong');
    expect(ada.received.some((m) => m.type === 'shared-filter')).toBe(false);
  });

  it('masks PII typed into a filter before broadcasting it', async () => {
    relay = await buildTestRelay();
    const id = await createSession();
    const ada = await join(id, USERS.ada);
    const grace = await join(id, USERS.grace);
    ada.send({
      v: 1,
      type: 'share-filter',
      session: id,
      name: 'ada.lovelace@example.com calls',
      query: '"ada.lovelace@example.com" status:4xx',
    });
    const shared = await grace.next('shared-filter');
    expect(JSON.stringify(shared)).not.toContain('ada.lovelace@example.com');
    expect(shared.query).toContain('status:4xx');
  });

  it('refuses oversized or empty filters and filters for sessions the client is not in', async () => {
    relay = await buildTestRelay();
    const id = await createSession();
    const other = await createSession(USERS.grace);
    const ada = await join(id, USERS.ada);
    ada.send({ v: 1, type: 'share-filter', id: 'big', session: id, name: 'x', query: 'a'.repeat(1025) });
    expect(await ada.next('error')).toMatchObject({ ref: 'big', code: 'invalid-message', path: '/query' });
    ada.send({ v: 1, type: 'share-filter', id: 'empty', session: id, name: '', query: 'status:500' });
    expect(await ada.next('error')).toMatchObject({ ref: 'empty', code: 'invalid-message' });
    ada.send({ v: 1, type: 'share-filter', id: 'out', session: other, name: 'x', query: 'status:500' });
    expect(await ada.next('error')).toMatchObject({ ref: 'out', code: 'not-subscribed' });
  });
});
