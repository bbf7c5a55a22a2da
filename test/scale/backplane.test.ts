/**
 * Several relay processes sharing team sessions through a real Redis (issue 9): cross-instance delivery,
 * resume on another instance, and a Redis restart mid-stream (readiness, gap notice, recovery).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piiExchange } from '../../relay/src/sessions/__tests__/fixtures.ts';
import { TestClient } from '../../relay/src/test-support/ws-client.ts';
import {
  type RedisServer,
  type RelayInstance,
  signIn,
  startRedis,
  startRelay,
  stopAll,
  waitReadiness,
} from './harness.ts';

let redis: RedisServer;
let a: RelayInstance;
let b: RelayInstance;
let token: string;
const clients: TestClient[] = [];

async function join(
  relay: RelayInstance,
  session: string,
  extra: { resumeFrom?: number; epoch?: string } = {},
) {
  const c = await TestClient.connect(relay.url, session, token);
  clients.push(c);
  await c.hello();
  const subscribed = await c.subscribe(session, extra);
  return { c, subscribed };
}

let n = 0;
function publish(c: TestClient, session: string): string {
  n += 1;
  c.send({ v: 1, type: 'publish', id: `p${n}`, session, exchange: piiExchange(`ex-${n}`) });
  return `p${n}`;
}

async function createSession(relay: RelayInstance): Promise<string> {
  const res = await fetch(`${relay.url}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'scale' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([startRelay(redis.url), startRelay(redis.url)]);
  await Promise.all([waitReadiness(a, 200), waitReadiness(b, 200)]);
  token = await signIn(a, 'Ada');
}, 240_000);

afterAll(async () => {
  for (const c of clients) c.ws.terminate();
  await stopAll();
});

describe('Redis backplane across relay processes', () => {
  it('a client on instance B sees events published on instance A, in one seq order', async () => {
    const id = await createSession(a);
    // Visible from the other instance.
    const listed = await fetch(`${b.url}/v1/sessions`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await listed.json()) as { sessions: { id: string }[] }).sessions.map((s) => s.id)).toContain(id);

    const onB = await join(b, id);
    const onA = await join(a, id);
    expect(onB.subscribed.epoch).toBe(onA.subscribed.epoch);

    const ref = publish(onA.c, id);
    const ack = await onA.c.next('ack');
    expect(ack).toMatchObject({ ref, seq: 1 });
    expect((await onA.c.next('event')).seq).toBe(1);
    const remote = await onB.c.next('event');
    expect(remote.seq).toBe(1);
    expect(JSON.stringify(remote.exchange)).not.toContain('123-45-6789');

    // Interleaved publishers on both instances: every subscriber sees 2, 3, 4, 5 once, in order.
    publish(onB.c, id);
    publish(onA.c, id);
    publish(onB.c, id);
    publish(onA.c, id);
    for (const c of [onA.c, onB.c]) {
      const seqs: number[] = [];
      for (let i = 0; i < 4; i++) seqs.push((await c.next('event')).seq);
      expect(seqs).toEqual([2, 3, 4, 5]);
    }
  });

  it('resumes on another instance: the backlog lives in Redis', async () => {
    const id = await createSession(a);
    const first = await join(a, id);
    for (let i = 0; i < 3; i++) publish(first.c, id);
    for (let i = 1; i <= 3; i++) expect((await first.c.next('event')).seq).toBe(i);
    await first.c.close();

    // Instance B never held this session: it loads metadata and backlog on the upgrade.
    const again = await join(b, id, { resumeFrom: 1, epoch: first.subscribed.epoch });
    expect(again.subscribed).toMatchObject({ epoch: first.subscribed.epoch, head: 3 });
    expect((await again.c.next('event')).seq).toBe(2);
    expect((await again.c.next('event')).seq).toBe(3);
    expect(again.c.received.some((m) => m.type === 'gap')).toBe(false);
    publish(again.c, id);
    expect((await again.c.next('event')).seq).toBe(4);
  });

  it('a session deleted on one instance is gone on every instance', async () => {
    const id = await createSession(a);
    const onA = await join(a, id);
    const del = await fetch(`${b.url}/v1/sessions/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(del.status).toBe(204);
    expect(await onA.c.next('error')).toMatchObject({ code: 'session-not-found', session: id });
    const res = await fetch(`${a.url}/v1/sessions/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
  });

  it('survives a Redis restart: readiness false, local delivery, gap notice, recovery', async () => {
    const id = await createSession(a);
    const onA = await join(a, id);
    const onB = await join(b, id);
    publish(onA.c, id);
    expect((await onB.c.next('event')).seq).toBe(1);
    expect((await onA.c.next('event')).seq).toBe(1);

    await redis.kill();
    await Promise.all([waitReadiness(a, 503), waitReadiness(b, 503)]);

    // Local delivery continues on A; B cannot get it.
    publish(onA.c, id);
    expect((await onA.c.next('event')).seq).toBe(2);

    redis = await startRedis(redis.port);
    await Promise.all([waitReadiness(a, 200, 20_000), waitReadiness(b, 200, 20_000)]);

    // B is told what it missed, then both carry on in one order.
    const gap = await onB.c.next('gap', 10_000);
    expect(gap).toMatchObject({ session: id, from: 2, to: 2, reason: 'backplane-lost' });
    publish(onB.c, id);
    expect((await onB.c.next('event', 10_000)).seq).toBe(3);
    expect((await onA.c.next('event', 10_000)).seq).toBe(3);

    expect(a.process.exitCode).toBeNull();
    expect(b.process.exitCode).toBeNull();
    expect(a.output()).toContain('backplane: Redis unreachable');
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(metrics).toMatch(/^relay_backplane_up 1$/m);
    expect(metrics).toMatch(/^relay_backplane_lost_events_total [1-9]/m);
  }, 60_000);
});
