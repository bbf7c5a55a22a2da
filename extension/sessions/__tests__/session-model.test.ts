import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member } from '../../../shared/src/protocol/index.ts';
import { createCallExchange, FIXTURE, makeExchange } from '../../__tests__/fixtures/exchanges.ts';
import { FakeCaptureSource } from '../../capture/fake-capture-source.ts';
import { CaptureModel } from '../../models/capture-model.ts';
import { immediateScheduler } from '../../utils/frame-scheduler.ts';
import { backoffDelay } from '../backoff.ts';
import { FakeRelayAdapter } from '../fake-relay-adapter.ts';
import { MergedCaptureSource } from '../merged-capture-source.ts';
import type { RelayAccess, SessionInfo } from '../relay-api.ts';
import { RelayStreamSource } from '../relay-stream-source.ts';
import { describeGap, SessionModel } from '../session-model.ts';
import { publishCaptures } from '../session-publisher.ts';

const RELAY = 'http://127.0.0.1:8787';
const INFO: SessionInfo = {
  id: 'Sabc',
  partnerId: 'p1',
  name: 'checkout bug',
  shareUrl: `${RELAY}/s/Sabc`,
  createdBy: 'local:ada',
  createdAt: '2025-01-01T00:00:00.000Z',
  head: 0,
  members: 0,
};
const ADA = { id: 'c-1', userId: 'u-1', name: 'Ada', role: 'developer', state: 'active' } as const;
const GRACE = { id: 'c-2', userId: 'u-2', name: 'Grace', role: 'developer', state: 'active' } as const;

/** fetch answering the session REST calls; `status` lets a test make the relay say 404. */
function stubRelay(status = { code: 200 }) {
  const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
    const body = init?.method === 'POST' ? { ...INFO, name: 'new' } : INFO;
    return new Response(
      JSON.stringify(status.code === 200 ? body : { error: { code: 'X', message: 'gone' } }),
      {
        status: init?.method === 'POST' ? 201 : status.code,
      },
    );
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function setup() {
  const adapter = new FakeRelayAdapter();
  const access: RelayAccess = { relayUrl: () => RELAY, token: async () => 'tok', invalidate: vi.fn() };
  // Deterministic jitter: always the top of the range.
  const session = new SessionModel({ adapter, access, random: () => 1 });
  return { adapter, access, session };
}

/** Plays the relay's side of the handshake until `subscribed`. */
function handshake(adapter: FakeRelayAdapter, connectionId = 'c-1', epoch = 'e1', head = 0): void {
  adapter.open();
  adapter.receive({
    v: 1,
    type: 'welcome',
    ref: 'hello',
    connectionId,
    user: { id: 'u-1', name: 'Ada', role: 'developer', partnerId: 'p1' },
  });
  adapter.receive({
    v: 1,
    type: 'subscribed',
    ref: 'subscribe',
    session: 'Sabc',
    epoch,
    head,
    members: [{ ...ADA, id: connectionId }],
  });
}

function event(
  seq: number,
  exchange = makeExchange({ id: `ev-${seq}`, masked: true }),
  from: Member = GRACE,
) {
  return {
    v: 1 as const,
    type: 'event' as const,
    session: 'Sabc',
    seq,
    ts: 0,
    kind: 'exchange' as const,
    exchange: { ...exchange, masked: true as const },
    sentBy: { id: from.id, userId: from.userId, name: from.name },
  };
}

describe('backoffDelay', () => {
  it('doubles from 0.5 s to 15 s with 50–100 % jitter', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, () => 1))).toEqual([500, 1000, 2000, 4000, 15_000]);
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(10, () => 0)).toBe(7500);
  });
});

describe('SessionModel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('joins from a share URL: hello with the token, subscribe from the backlog, then live with members', async () => {
    stubRelay();
    const { adapter, session } = setup();
    expect(await session.join(' http://127.0.0.1:8787/s/Sabc ')).toBe(true);
    expect(session.state.value).toBe('connecting');
    expect(adapter.connects).toEqual(['ws://127.0.0.1:8787/v1/sessions/Sabc/stream?access_token=tok']);
    handshake(adapter);
    expect(adapter.sentOf('hello')[0]).toMatchObject({ token: 'tok', client: { name: 'avvance-panel' } });
    expect(adapter.sentOf('subscribe')[0]).toMatchObject({ session: 'Sabc', resumeFrom: 0 });
    expect(session.state.value).toBe('live');
    expect(session.members.value.map((m) => m.name)).toEqual(['Ada']);
    adapter.receive({ v: 1, type: 'presence', session: 'Sabc', members: [ADA, GRACE] });
    expect(session.members.value.map((m) => m.name)).toEqual(['Ada', 'Grace']);
  });

  it('reports a bad paste as data', async () => {
    const { session } = setup();
    expect(await session.join('http://relay/x/y')).toBe(false);
    expect(session.error.value).toMatch(/share URL/);
  });

  it('labels teammates’ exchanges with sentBy and drops its own echoes and duplicates', async () => {
    stubRelay();
    const { adapter, session } = setup();
    const got: { id: string; sentBy?: string }[] = [];
    session.onExchange((x) => got.push({ id: x.id, sentBy: x.sentBy }));
    await session.join('Sabc');
    handshake(adapter);
    adapter.receive(event(1));
    adapter.receive(event(2, makeExchange({ id: 'mine', masked: true }), ADA));
    adapter.receive(event(1));
    expect(got).toEqual([{ id: 'ev-1', sentBy: 'Grace' }]);
  });

  it('reconnects with backoff and jitter, resumes from the last seq and epoch, and shows the gap', async () => {
    stubRelay();
    const { adapter, session } = setup();
    const got: string[] = [];
    session.onExchange((x) => got.push(x.id));
    await session.join('Sabc');
    handshake(adapter);
    adapter.receive(event(1));
    adapter.receive(event(2));

    adapter.drop(1001, 'relay shutting down');
    expect(session.state.value).toBe('reconnecting');
    expect(session.retryInMs.value).toBe(500);
    await vi.advanceTimersByTimeAsync(499);
    expect(adapter.connects).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(adapter.connects).toHaveLength(2);

    // The relay is still down: the next delay doubles.
    adapter.drop(1006);
    expect(session.retryInMs.value).toBe(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(adapter.connects).toHaveLength(3);

    handshake(adapter, 'c-9', 'e2');
    expect(adapter.sentOf('subscribe').at(-1)).toMatchObject({ resumeFrom: 2, epoch: 'e1' });
    adapter.receive({ v: 1, type: 'gap', session: 'Sabc', from: 1, to: 0, reason: 'relay-restarted' });
    adapter.receive(event(1, makeExchange({ id: 'after', masked: true })));
    expect(session.state.value).toBe('live');
    expect(got).toEqual(['ev-1', 'ev-2', 'after']);
    expect(describeGap(session.gaps.value[0]!)).toBe('Relay restarted: resumed, nothing missed since');

    // Evicted backlog: the count is shown; the next reconnect starts over at 0.5 s.
    adapter.receive({ v: 1, type: 'gap', session: 'Sabc', from: 2, to: 13, reason: 'backlog-evicted' });
    expect(describeGap(session.gaps.value.at(-1)!)).toBe('12 events missed (backlog evicted)');
    adapter.drop(4008, 'slow consumer');
    expect(session.retryInMs.value).toBe(500);
  });

  it('gives up with a clear message when the session is gone after a restart', async () => {
    const status = { code: 200 };
    stubRelay(status);
    const { adapter, session } = setup();
    await session.join('Sabc');
    handshake(adapter);
    status.code = 404;
    adapter.drop(1001);
    await vi.advanceTimersByTimeAsync(500);
    expect(session.state.value).toBe('failed');
    expect(session.error.value).toMatch(/no longer exists/);
  });

  it('follows the relay stream to its new id when the relay restarted with a new secret', async () => {
    const named = (id: string): SessionInfo => ({
      ...INFO,
      id,
      name: 'default',
      createdBy: 'relay',
      shareUrl: `${RELAY}/s/${id}`,
    });
    let onRelay = named('Nold');
    const fetchMock = vi.fn(async (_url: string) => new Response(JSON.stringify(onRelay), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const { adapter, session } = setup();
    const got: string[] = [];
    session.onExchange((x) => got.push(x.id));
    await session.join('default');
    handshake(adapter);
    adapter.receive({ ...event(1), session: 'Nold' });

    onRelay = named('Nnew');
    adapter.drop(1001);
    await vi.advanceTimersByTimeAsync(500);
    // Looked up by name, not by the old id; reconnected to the new id and subscribed from its start.
    expect(String(fetchMock.mock.calls.at(-1)?.[0])).toBe(`${RELAY}/v1/sessions/default`);
    expect(adapter.connects.at(-1)).toBe('ws://127.0.0.1:8787/v1/sessions/Nnew/stream?access_token=tok');
    expect(session.session.value?.shareUrl).toBe(`${RELAY}/s/Nnew`);
    expect(describeGap(session.gaps.value.at(-1)!)).toBe('Relay restarted: resumed, nothing missed since');
    handshake(adapter, 'c-3', 'e9');
    expect(adapter.sentOf('subscribe').at(-1)).toMatchObject({ session: 'Nnew', resumeFrom: 0 });
    expect(adapter.sentOf('subscribe').at(-1)).not.toHaveProperty('epoch');
    adapter.receive({ ...event(1, makeExchange({ id: 'after', masked: true })), session: 'Nnew' });
    expect(session.state.value).toBe('live');
    expect(got).toEqual(['ev-1', 'after']);
  });

  it('a started session whose id the relay no longer knows is gone, not followed', async () => {
    let onRelay: SessionInfo = INFO;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(onRelay), { status: 200 })),
    );
    const { adapter, session } = setup();
    await session.join('Sabc');
    handshake(adapter);
    onRelay = { ...INFO, id: 'Sother' };
    adapter.drop(1001);
    await vi.advanceTimersByTimeAsync(500);
    expect(session.state.value).toBe('failed');
    expect(session.session.value?.id).toBe('Sabc');
  });

  it('leaves: closes with 1000 and does not reconnect', async () => {
    stubRelay();
    const { adapter, session } = setup();
    await session.join('Sabc');
    handshake(adapter);
    session.leave();
    expect(adapter.disconnects.at(-1)).toBe(1000);
    expect(session.state.value).toBe('offline');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(adapter.connects).toHaveLength(1);
  });
});

describe('session and capture together', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('merges the stream into the list with sentBy, and publishes only masked local captures', async () => {
    stubRelay();
    const { adapter, session } = setup();
    const local = new FakeCaptureSource();
    const capture = new CaptureModel({
      source: new MergedCaptureSource(local, new RelayStreamSource(session)),
      salt: 's',
      schedule: immediateScheduler,
    });
    capture.start();
    const stop = publishCaptures(capture, session);
    local.emit(makeExchange({ id: 'before-join' }));
    await session.join('Sabc');
    handshake(adapter);

    local.emit(createCallExchange('create-1'));
    adapter.receive(event(1));
    expect(capture.exchanges.value.map((e) => [e.id, e.masked.sentBy])).toEqual([
      ['before-join', undefined],
      ['create-1', undefined],
      ['ev-1', 'Grace'],
    ]);
    const published = adapter.sentOf('publish');
    expect(published.map((p) => p.exchange.id)).toEqual(['create-1']);
    const wire = JSON.stringify(published);
    expect(wire).not.toContain(FIXTURE.email);
    expect(wire).not.toContain(FIXTURE.mobilePhone);
    stop();
  });
});
