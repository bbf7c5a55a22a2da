import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import { TabCallBuffer } from '../call-buffer.ts';

function call(n: number, body = '', masked = true): Exchange {
  return {
    id: `x${n}`,
    source: 'page',
    request: {
      id: `r${n}`,
      timestamp: new Date(n).toISOString(),
      type: 'request',
      method: 'GET',
      url: `https://api.example.test/poslp/services/${n}`,
      headers: {},
      partnerId: '',
      userId: '',
      ...(body ? { body } : {}),
    },
    timings: { startedAt: n },
    masked,
    requestBodyStatus: body ? 'complete' : 'absent',
    responseBodyStatus: 'absent',
  };
}

describe('TabCallBuffer', () => {
  it('keeps calls per tab, oldest first', () => {
    const b = new TabCallBuffer();
    b.add(1, call(1));
    b.add(2, call(2));
    b.add(1, call(3));
    expect(b.snapshot(1).calls.map((c) => c.id)).toEqual(['x1', 'x3']);
    expect(b.snapshot(2).calls.map((c) => c.id)).toEqual(['x2']);
    expect(b.snapshot(9)).toEqual({ calls: [], dropped: 0 });
  });

  it('drops the oldest calls beyond the call cap and counts them', () => {
    const b = new TabCallBuffer({ maxCalls: 3 });
    for (let n = 1; n <= 5; n++) b.add(7, call(n));
    expect(b.snapshot(7)).toMatchObject({ dropped: 2 });
    expect(b.snapshot(7).calls.map((c) => c.id)).toEqual(['x3', 'x4', 'x5']);
  });

  it('drops the oldest calls beyond the byte cap, and a call larger than the cap on its own', () => {
    const one = JSON.stringify(call(1, 'a'.repeat(1000))).length;
    const b = new TabCallBuffer({ maxBytes: one * 2 + 10 });
    b.add(1, call(1, 'a'.repeat(1000)));
    b.add(1, call(2, 'a'.repeat(1000)));
    b.add(1, call(3, 'a'.repeat(1000)));
    expect(b.snapshot(1).calls.map((c) => c.id)).toEqual(['x2', 'x3']);
    expect(b.snapshot(1).dropped).toBe(1);
    b.add(1, call(4, 'b'.repeat(one * 3)));
    expect(b.snapshot(1).calls).toEqual([]);
    expect(b.snapshot(1).dropped).toBe(4);
  });

  it('refuses unmasked calls, so raw PII is never buffered', () => {
    const b = new TabCallBuffer();
    expect(() => b.add(1, call(1, '', false))).toThrow(/masked/);
    expect(b.snapshot(1).calls).toEqual([]);
  });

  it('forgets a closed tab and restores a stored snapshot within the caps', () => {
    const b = new TabCallBuffer({ maxCalls: 2 });
    b.add(1, call(1));
    b.clearTab(1);
    expect(b.tabIds()).toEqual([]);
    b.restore(4, { calls: [call(1), call(2, '', false), call(3), call(4)], dropped: 5 });
    expect(b.snapshot(4).calls.map((c) => c.id)).toEqual(['x3', 'x4']);
    expect(b.snapshot(4).dropped).toBe(6);
  });
});
