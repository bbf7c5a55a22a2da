import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseServerMessage } from '../../../../shared/src/protocol/parse.ts';
import type { ServerMessage } from '../../../../shared/src/protocol/server-messages.ts';
import { SessionHub } from '../hub.ts';
import type { Subscriber } from '../session.ts';
import { piiExchange } from './fixtures.ts';

const ada = { sub: 'u-ada', name: 'Ada', role: 'developer', partnerId: 'partner-a' } as const;
const mallory = { sub: 'u-m', name: 'Mallory', role: 'developer', partnerId: 'partner-b' } as const;
const root = { sub: 'u-root', name: 'Root', role: 'admin', partnerId: 'partner-b' } as const;

function hub(extra: Partial<ConstructorParameters<typeof SessionHub>[0]> = {}) {
  return new SessionHub({
    publicUrl: 'https://relay.example/',
    backlog: { maxEvents: 3, maxBytes: 1e9 },
    namedKey: 'k',
    ...extra,
  });
}

function sink(id = 'c-1'): Subscriber & { frames: ServerMessage[] } {
  const frames: ServerMessage[] = [];
  return {
    id,
    frames,
    deliver(frame) {
      const p = parseServerMessage(frame);
      if (!p.ok) throw new Error(p.error.message);
      frames.push(p.message);
    },
  };
}
const member = (id: string) => ({
  id,
  userId: 'u',
  name: 'U',
  role: 'developer' as const,
  state: 'active' as const,
});
const decode = (frames: Buffer[]) =>
  frames.map((f) => {
    const p = parseServerMessage(f);
    if (!p.ok) throw new Error(p.error.message);
    return p.message;
  });

let h: SessionHub;
afterEach(() => h?.close());

describe('SessionHub', () => {
  it('creates sessions with unguessable ids and share URLs', () => {
    h = hub();
    const a = h.create(ada, 'checkout bug');
    const b = h.create(ada);
    expect(a.id).toMatch(/^S[A-Za-z0-9_-]{22}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.info(h.publicUrl)).toMatchObject({
      name: 'checkout bug',
      partnerId: 'partner-a',
      shareUrl: `https://relay.example/s/${a.id}`,
      createdBy: 'u-ada',
      head: 0,
      members: 0,
    });
  });

  it('lists only the partner own sessions; admins see all', () => {
    h = hub();
    h.create(ada);
    h.create(mallory);
    expect(h.list(ada).map((s) => s.partnerId)).toEqual(['partner-a']);
    expect(h.list(root)).toHaveLength(2);
  });

  it('publish creates the partner named session on demand, per partner, and refuses another partner session', () => {
    h = hub();
    expect(h.publish('partner-a', 'default', piiExchange(), ada)).toBe(1);
    expect(h.publish('partner-a', 'default', piiExchange('ex-2'), ada)).toBe(2);
    expect(h.publish('partner-b', 'default', piiExchange(), mallory)).toBe(1);
    const aDefault = h.named('partner-a', 'default');
    expect(aDefault.head).toBe(2);
    expect(h.named('partner-b', 'default').id).not.toBe(aDefault.id);
    expect(h.publish('partner-b', aDefault.id, piiExchange(), mallory)).toBeUndefined();
  });

  it('masks again with a per-session salt before broadcast', () => {
    h = hub();
    const s = h.create(ada);
    const sub = sink();
    s.subscribe(sub, member(sub.id));
    s.publish(piiExchange(), { id: 'c-1', userId: 'u', name: 'U' });
    const event = sub.frames.find((f) => f.type === 'event');
    const text = JSON.stringify(event);
    expect(text).not.toContain('123-45-6789');
    expect(text).not.toContain('ada.lovelace@example.com');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).toContain('7b831e4d-8f2c-4c55-9a4c-4cf1e0f1b0aa');
  });

  describe('resume', () => {
    it('replays after resumeFrom, with a gap when evicted', () => {
      h = hub();
      const s = h.create(ada);
      for (let i = 1; i <= 5; i++) s.publish(piiExchange(`ex-${i}`), { id: 'relay', userId: 'u', name: 'U' });
      const live = decode(s.subscribe(sink('c-a'), member('c-a')).replay);
      expect(live).toEqual([]);
      const all = decode(s.subscribe(sink('c-b'), member('c-b'), 0, s.epoch).replay);
      expect(all.map((m) => m.type)).toEqual(['gap', 'event', 'event', 'event']);
      expect(all[0]).toMatchObject({ from: 1, to: 2, reason: 'backlog-evicted' });
      const recent = decode(s.subscribe(sink('c-c'), member('c-c'), 3, s.epoch).replay);
      expect(recent.map((m) => (m.type === 'event' ? m.seq : m.type))).toEqual([4, 5]);
      const evicted = decode(s.subscribe(sink('c-d'), member('c-d'), 1).replay);
      expect(evicted[0]).toMatchObject({ type: 'gap', from: 2, to: 2, reason: 'backlog-evicted' });
      expect(decode(s.subscribe(sink('c-e'), member('c-e'), 5, s.epoch).replay)).toEqual([]);
    });

    it('says relay-restarted for another epoch, or a position beyond head', () => {
      h = hub();
      const s = h.create(ada);
      s.publish(piiExchange(), { id: 'relay', userId: 'u', name: 'U' });
      const other = decode(s.subscribe(sink('c-a'), member('c-a'), 40, 'e-old').replay);
      expect(other[0]).toMatchObject({ type: 'gap', from: 1, to: 0, reason: 'relay-restarted' });
      expect(other[1]).toMatchObject({ type: 'event', seq: 1 });
      const beyond = decode(s.subscribe(sink('c-b'), member('c-b'), 40).replay);
      expect(beyond[0]).toMatchObject({ type: 'gap', reason: 'relay-restarted' });
    });
  });

  describe('idle expiry (fake timers)', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('drops sessions with no members and no events after idleMs, and keeps busy ones', () => {
      h = hub({ idleMs: 60_000 });
      const idle = h.create(ada);
      const busy = h.create(ada);
      busy.subscribe(sink(), member('c-1'));
      vi.advanceTimersByTime(59_000);
      expect(h.get(idle.id)).toBeDefined();
      vi.advanceTimersByTime(61_000);
      expect(h.get(idle.id)).toBeUndefined();
      expect(h.get(busy.id)).toBe(busy);
    });

    it('brings an expired named session back under the same id with a new epoch', () => {
      h = hub({ idleMs: 1_000 });
      const first = h.named('partner-a', 'default');
      vi.advanceTimersByTime(5_000);
      expect(h.size).toBe(0);
      const again = h.get(first.id);
      expect(again?.id).toBe(first.id);
      expect(again?.epoch).not.toBe(first.epoch);
    });

    it('close() clears the sweeper', () => {
      h = hub({ idleMs: 1_000 });
      h.close();
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});
