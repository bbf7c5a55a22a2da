import { describe, expect, it } from 'vitest';
import { CORPUS } from './__fixtures__/exchanges.ts';
import { DurationFilter, LargerThanFilter, StatusFilter } from './response-filters.ts';
import type { TermInput } from './types.ts';

function input(op: TermInput['op'], value: string): TermInput {
  return { op, value, valueFrom: 0, valueTo: value.length, from: 0, to: value.length };
}

describe('response filters', () => {
  it('skip exchanges still in flight', () => {
    const pending = { exchange: CORPUS.pending };
    for (const result of [
      StatusFilter.create(input(':', 'xxx')),
      StatusFilter.create(input('<', '999')),
      DurationFilter.create(input('>=', '0')),
      LargerThanFilter.create(input(':', '0')),
    ]) {
      expect(result.ok && result.filter.matches(pending)).toBe(false);
    }
  });

  it('convert sizes and durations', () => {
    const sizes = ['500', '500b', '10k', '10K', '1.5m', '.5k'].map((v) => {
      const r = LargerThanFilter.create(input(':', v));
      return r.ok && r.filter instanceof LargerThanFilter ? r.filter.bytes : NaN;
    });
    expect(sizes).toEqual([500, 500, 10_240, 10_240, 1_572_864, 512]);
    const durations = ['250', '250ms', '2s', '.5S'].map((v) => {
      const r = DurationFilter.create(input('>', v));
      return r.ok && r.filter instanceof DurationFilter ? r.filter.ms : NaN;
    });
    expect(durations).toEqual([250, 250, 2000, 500]);
  });

  it('status x wildcards need the same number of digits', () => {
    const result = StatusFilter.create(input(':', '4xx'));
    expect(result.ok && result.filter.matches({ exchange: CORPUS.networkError })).toBe(false);
  });
});
