import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestRelay, type TestRelayOptions, USERS } from '../../test-support/relay-test-app.ts';
import { TestClient } from '../../test-support/ws-client.ts';
import type { RelayUser } from '../../types.ts';
import { CLOSE_SLOW_CONSUMER } from '../connection.ts';
import type { SessionHub } from '../hub.ts';
import { piiExchange } from './fixtures.ts';

let relay: Awaited<ReturnType<typeof buildTestRelay>> | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await relay?.app.close();
  relay = undefined;
});

async function start(opts: TestRelayOptions = {}) {
  relay = await buildTestRelay(opts);
  return relay;
}
const hubOf = (app: FastifyInstance) => app.sessions as SessionHub;

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

async function join(
  sessionId: string,
  user: RelayUser = USERS.ada,
  extra: { resumeFrom?: number; epoch?: string } = {},
) {
  const c = await TestClient.connect(relay!.url, sessionId, relay!.token(user));
  clients.push(c);
  await c.hello();
  const subscribed = await c.subscribe(sessionId, extra);
  return { c, subscribed };
}

const publish = (c: TestClient, session: string, id: string, exchangeId: string) =>
  c.send({ v: 1, type: 'publish', id, session, exchange: piiExchange(exchangeId) });

describe('WS /v1/sessions/:id/stream', () => {
  it('three clients: publish reaches everyone, in one monotonic order, re-masked', async () => {
    await start();
    const id = await createSession();
    const a = await join(id, USERS.ada);
    const b = await join(id, USERS.grace);
    const c = await join(id, USERS.linus);
    expect(a.subscribed).toMatchObject({ session: id, head: 0, ref: 's1' });
    for (let i = 0; i < 5; i++) publish([a.c, b.c, c.c][i % 3]!, id, `p${i}`, `ex-${i}`);
    for (const { c: client } of [a, b, c]) {
      const seqs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const e = await client.next('event');
        seqs.push(e.seq);
        const text = JSON.stringify(e.exchange);
        expect(text).not.toContain('123-45-6789');
        expect(text).not.toContain('ada.lovelace@example.com');
        expect(e.exchange.masked).toBe(true);
      }
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
    }
    // The publisher's ack precedes the event it announces.
    const acks = a.c.received.filter((m) => m.type === 'ack');
    expect(acks[0]).toMatchObject({ ref: 'p0', session: id, seq: 1 });
    const firstAck = a.c.received.findIndex((m) => m.type === 'ack');
    const firstEvent = a.c.received.findIndex((m) => m.type === 'event');
    expect(firstAck).toBeLessThan(firstEvent);
  });

  it('server-side publish (app.sessions.publish) reaches subscribers with sentBy', async () => {
    await start();
    const id = await createSession();
    const { c } = await join(id);
    expect(relay!.app.sessions.publish('partner-a', id, piiExchange(), USERS.grace)).toBe(1);
    const e = await c.next('event');
    expect(e.sentBy).toMatchObject({ id: 'relay', name: 'Grace' });
    expect(relay!.app.sessions.publish('partner-b', id, piiExchange(), USERS.mallory)).toBeUndefined();
  });

  it('presence: join and leave are broadcast', async () => {
    await start();
    const id = await createSession();
    const a = await join(id, USERS.ada);
    expect((await a.c.next('presence')).members.map((m) => m.name)).toEqual(['Ada']);
    const b = await join(id, USERS.grace);
    expect((await a.c.next('presence')).members.map((m) => m.name)).toEqual(['Ada', 'Grace']);
    b.c.send({ v: 1, type: 'presence', id: 'pr', session: id, state: 'idle', focus: 'ex-1' });
    expect(await b.c.next('ack')).toMatchObject({ ref: 'pr' });
    expect((await a.c.next('presence')).members[1]).toMatchObject({ state: 'idle', focus: 'ex-1' });
    await b.c.close();
    expect((await a.c.next('presence')).members.map((m) => m.name)).toEqual(['Ada']);
  });

  it('resume after reconnect loses nothing', async () => {
    await start();
    const id = await createSession();
    const pub = await join(id, USERS.grace);
    const first = await join(id, USERS.ada);
    publish(pub.c, id, 'p1', 'ex-1');
    const e1 = await first.c.next('event');
    await first.c.close();
    publish(pub.c, id, 'p2', 'ex-2');
    publish(pub.c, id, 'p3', 'ex-3');
    await pub.c.next('ack');
    await pub.c.next('ack');
    await pub.c.next('ack');
    const again = await join(id, USERS.ada, { resumeFrom: e1.seq, epoch: first.subscribed.epoch });
    expect(again.subscribed.head).toBe(3);
    expect((await again.c.next('event')).seq).toBe(2);
    expect((await again.c.next('event')).seq).toBe(3);
    publish(pub.c, id, 'p4', 'ex-4');
    expect((await again.c.next('event')).seq).toBe(4);
    expect(again.c.received.some((m) => m.type === 'gap')).toBe(false);
  });

  it('gap notice when the resume point was evicted (small backlog)', async () => {
    await start({ limits: { backlogEvents: 2 } });
    const id = await createSession();
    const hub = hubOf(relay!.app);
    for (let i = 1; i <= 5; i++) hub.publish('partner-a', id, piiExchange(`ex-${i}`), USERS.ada);
    const epoch = hub.get(id)!.epoch;
    const { c } = await join(id, USERS.ada, { resumeFrom: 1, epoch });
    expect(await c.next('gap')).toMatchObject({ from: 2, to: 3, reason: 'backlog-evicted' });
    expect((await c.next('event')).seq).toBe(4);
    expect((await c.next('event')).seq).toBe(5);
  });

  it('relay-restarted gap on an epoch mismatch', async () => {
    await start();
    const id = await createSession();
    hubOf(relay!.app).publish('partner-a', id, piiExchange(), USERS.ada);
    const { c } = await join(id, USERS.ada, { resumeFrom: 7, epoch: 'e-before-restart' });
    expect(await c.next('gap')).toMatchObject({ from: 1, to: 0, reason: 'relay-restarted' });
    expect((await c.next('event')).seq).toBe(1);
  });

  it('disconnects a slow consumer with 4008 and keeps memory bounded', async () => {
    const cap = 2 * 1024 * 1024;
    await start({ limits: { backlogEvents: 4 }, sessions: { maxBufferedBytes: cap } });
    const id = await createSession();
    const { c } = await join(id);
    // Stop reading: the kernel buffers fill, then the relay's send buffer grows.
    (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const hub = hubOf(relay!.app);
    const session = hub.get(id)!;
    const big = 'x'.repeat(200_000);
    let published = 0;
    while (session.has([...session.members()][0]?.id ?? '') && published < 2_000) {
      hub.publish('partner-a', id, piiExchange(`ex-${published}`, { note: big }), USERS.grace);
      published++;
    }
    expect(session.memberCount).toBe(0);
    expect(published).toBeLessThan(2_000);
    // The relay keeps nothing for it: the backlog is bounded and deliveries stopped.
    expect(session.backlogBytes).toBeLessThan(5 * 210_000);
    (c.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await c.closed).code).toBe(CLOSE_SLOW_CONSUMER);
  });

  it('heartbeat terminates a client that does not answer pings', async () => {
    await start({ sessions: { heartbeatMs: 50 } });
    const id = await createSession();
    const c = await TestClient.connect(relay!.url, id, relay!.token(USERS.ada), { autoPong: false });
    clients.push(c);
    expect((await c.closed).code).toBe(1006);
  });

  it('closes every socket with 1001 on shutdown, after server-shutting-down', async () => {
    await start();
    const id = await createSession();
    const { c } = await join(id);
    await relay!.app.close();
    relay = undefined;
    expect(await c.next('error')).toMatchObject({ code: 'server-shutting-down' });
    expect((await c.closed).code).toBe(1001);
  });
});

describe('WS auth and authorisation', () => {
  it('refuses an upgrade without a token, with a bad token, or for another partner session', async () => {
    await start();
    const id = await createSession();
    await expect(TestClient.connect(relay!.url, id)).rejects.toThrow('HTTP 401');
    await expect(TestClient.connect(relay!.url, id, 'not.a.jwt')).rejects.toThrow('HTTP 401');
    await expect(TestClient.connect(relay!.url, id, relay!.token(USERS.mallory))).rejects.toThrow('HTTP 403');
    await expect(TestClient.connect(relay!.url, 'Snope', relay!.token(USERS.ada))).rejects.toThrow(
      'HTTP 404',
    );
    const admin = await TestClient.connect(relay!.url, id, relay!.token(USERS.root));
    clients.push(admin);
    await admin.hello();
    expect((await admin.subscribe(id)).session).toBe(id);
  });

  it('refuses cross-partner subscribe and publish on an open connection', async () => {
    await start();
    const mine = await createSession(USERS.mallory);
    const theirs = await createSession(USERS.ada);
    const { c } = await join(mine, USERS.mallory);
    c.send({ v: 1, type: 'subscribe', id: 's2', session: theirs });
    expect(await c.next('error')).toMatchObject({ code: 'forbidden', ref: 's2', session: theirs });
    publish(c, theirs, 'p1', 'ex-1');
    expect(await c.next('error')).toMatchObject({ code: 'not-subscribed', ref: 'p1' });
    expect(hubOf(relay!.app).get(theirs)!.head).toBe(0);
  });

  it('hello with an invalid token is unauthorized (4401)', async () => {
    await start();
    const id = await createSession();
    const c = await TestClient.connect(relay!.url, id, relay!.token(USERS.ada));
    clients.push(c);
    c.send({ v: 1, type: 'hello', id: 'h', token: 'bad', client: { name: 't', version: '1' } });
    expect(await c.next('error')).toMatchObject({ code: 'unauthorized', ref: 'h' });
    expect((await c.closed).code).toBe(4401);
  });
});

describe('invalid frames get error frames, never a crash', () => {
  it.each([
    ['not json', '{', 'invalid-json'],
    ['not an object', '[1]', 'invalid-message'],
    ['unknown type', '{"v":1,"type":"nope","id":"x"}', 'unknown-type'],
    ['bad schema', '{"v":1,"type":"subscribe","id":"x","session":"!!"}', 'invalid-message'],
    ['unmasked exchange', 'UNMASKED', 'invalid-message'],
    ['unknown session', '{"v":1,"type":"subscribe","id":"x","session":"Snope"}', 'session-not-found'],
    ['not subscribed', '{"v":1,"type":"presence","session":"Sother","state":"idle"}', 'not-subscribed'],
  ])('%s', async (_name, frame, code) => {
    await start();
    const id = await createSession();
    const { c } = await join(id);
    const payload =
      frame === 'UNMASKED'
        ? JSON.stringify({
            v: 1,
            type: 'publish',
            id: 'x',
            session: id,
            exchange: { ...piiExchange(), masked: false },
          })
        : frame;
    c.send(payload);
    expect((await c.next('error')).code).toBe(code);
    c.send({ v: 1, type: 'ping', id: 'n', nonce: 'still-alive' });
    expect(await c.next('pong')).toMatchObject({ ref: 'n', nonce: 'still-alive' });
  });

  it('anything before hello, and a second hello, are fatal (1008)', async () => {
    await start();
    const id = await createSession();
    const c = await TestClient.connect(relay!.url, id, relay!.token(USERS.ada));
    clients.push(c);
    c.send({ v: 1, type: 'subscribe', id: 's', session: id });
    expect(await c.next('error')).toMatchObject({ code: 'handshake-required' });
    expect((await c.closed).code).toBe(1008);
    const d = await TestClient.connect(relay!.url, id, relay!.token(USERS.ada));
    clients.push(d);
    await d.hello();
    d.send({ v: 1, type: 'hello', client: { name: 't', version: '1' } });
    expect((await d.closed).code).toBe(1008);
  });

  it('unsupported version is fatal (1002)', async () => {
    await start();
    const id = await createSession();
    const { c } = await join(id);
    c.send({ v: 9, type: 'ping', nonce: '' });
    expect((await c.closed).code).toBe(1002);
  });
});

describe('connection churn', () => {
  it('200 connect/disconnect cycles leave no members or connections behind', async () => {
    await start();
    const id = await createSession();
    for (let i = 0; i < 200; i++) {
      const { c } = await join(id);
      await c.close();
      clients.pop();
    }
    const { c } = await join(id);
    const presence = await c.next('presence');
    expect(presence.members).toHaveLength(1);
  }, 30_000);
});
