import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member } from '../../../../shared/src/protocol/common-schema.ts';
import { presenceWindowMs, Session, type Subscriber } from '../session.ts';

/** A subscriber that keeps the presence lists it was sent. */
function subscriber(id: string): Subscriber & { lists: string[][] } {
  const lists: string[][] = [];
  return {
    id,
    lists,
    deliver(frame) {
      const m = JSON.parse(frame.toString('utf8')) as { type: string; members?: Member[] };
      if (m.type === 'presence') lists.push((m.members ?? []).map((x) => x.id));
    },
  };
}

const member = (id: string): Member => ({
  id,
  userId: `u-${id}`,
  name: id,
  role: 'developer',
  state: 'active',
});

function session(): Session {
  return new Session({
    id: 'S1',
    partnerId: 'p',
    name: 'team',
    createdBy: 'u',
    backlog: { maxEvents: 10, maxBytes: 10_000 },
    now: () => Date.now(),
  });
}

describe('presence broadcasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first change at once and coalesces a burst into one broadcast of the latest list', () => {
    const s = session();
    const first = subscriber('c0');
    s.subscribe(first, member('c0'));
    s.broadcastPresence();
    expect(first.lists).toEqual([['c0']]);
    // 99 more join inside the window: nothing is sent until it ends, then one list with everyone.
    for (let i = 1; i < 100; i++) {
      s.subscribe(subscriber(`c${i}`), member(`c${i}`));
      s.broadcastPresence();
    }
    expect(first.lists).toHaveLength(1);
    vi.advanceTimersByTime(presenceWindowMs(1));
    expect(first.lists).toHaveLength(2);
    expect(first.lists[1]).toHaveLength(100);
    // The window after a coalesced broadcast closes quietly when nothing changed.
    vi.advanceTimersByTime(presenceWindowMs(100));
    expect(first.lists).toHaveLength(2);
    // A later, lone change is sent at once again.
    s.unsubscribe('c99');
    s.broadcastPresence();
    expect(first.lists).toHaveLength(3);
    expect(first.lists[2]).toHaveLength(99);
  });

  it('windows grow with the session, within 250 ms … 2 s', () => {
    expect(presenceWindowMs(0)).toBe(250);
    expect(presenceWindowMs(600)).toBe(600);
    expect(presenceWindowMs(5000)).toBe(2000);
  });
});
