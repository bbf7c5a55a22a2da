import { describe, expect, it } from 'vitest';
import { Backlog } from '../backlog.ts';

const entry = (seq: number, bytes = 10) => ({ seq, frame: Buffer.alloc(bytes) });

describe('Backlog', () => {
  it('keeps the newest events within the event limit', () => {
    const b = new Backlog({ maxEvents: 3, maxBytes: 1e9 });
    for (let s = 1; s <= 5; s++) b.push(entry(s));
    expect(b.size).toBe(3);
    expect(b.oldest).toBe(3);
    expect(b.since(0).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(b.since(4).map((e) => e.seq)).toEqual([5]);
  });

  it('keeps the newest events within the byte limit, and always the newest one', () => {
    const b = new Backlog({ maxEvents: 100, maxBytes: 25 });
    for (let s = 1; s <= 4; s++) b.push(entry(s));
    expect(b.since(0).map((e) => e.seq)).toEqual([3, 4]);
    expect(b.bytes).toBe(20);
    b.push(entry(5, 100));
    expect(b.since(0).map((e) => e.seq)).toEqual([5]);
  });

  it('stays bounded and ordered over many pushes (compaction)', () => {
    const b = new Backlog({ maxEvents: 10, maxBytes: 1e9 });
    for (let s = 1; s <= 10_000; s++) b.push(entry(s, 1));
    expect(b.size).toBe(10);
    expect(b.since(9_995).map((e) => e.seq)).toEqual([9996, 9997, 9998, 9999, 10000]);
  });

  it('refuses bad limits at construction', () => {
    expect(() => new Backlog({ maxEvents: 0, maxBytes: 1 })).toThrow(RangeError);
    expect(() => new Backlog({ maxEvents: 1, maxBytes: 0 })).toThrow(RangeError);
  });
});
