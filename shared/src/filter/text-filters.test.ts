import { describe, expect, it } from 'vitest';
import { TARGETS } from './__fixtures__/exchanges.ts';
import { NegatedFilter, RegexFilter, TextFilter } from './text-filters.ts';

describe('RegexFilter.create', () => {
  it('ignores d, g and y and always adds i', () => {
    const result = RegexFilter.create('AVV', 'dgy', 0, 8);
    expect(result.ok && result.filter instanceof RegexFilter && result.filter.regex.flags).toBe('i');
    const again = RegexFilter.create('a', 'ism', 0, 6);
    expect(again.ok && again.filter instanceof RegexFilter && again.filter.regex.flags).toBe('ims');
  });

  it('is stateless across calls (no lastIndex from g)', () => {
    const result = RegexFilter.create('loan', 'g', 0, 7);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const answers = [1, 2, 3].map(() => result.filter.matches(TARGETS.loanStatus));
    expect(answers).toEqual([true, true, true]);
  });

  it('runs the rewritten pattern but describes the typed one', () => {
    const result = RegexFilter.create('.*invalid', '', 3, 15);
    expect(result.ok && result.filter instanceof RegexFilter && result.filter.regex.source).toBe('invalid');
    expect(result.ok && result.filter.describe()).toBe('text matches /.*invalid/');
  });

  it('explains engine errors in lower case', () => {
    expect(RegexFilter.create('(', '', 0, 3)).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/^invalid regex: [a-z ]+$/), from: 0, to: 3 },
    });
  });
});

describe('TextFilter and NegatedFilter', () => {
  it('match case-insensitively and negate', () => {
    const text = new TextFilter('LOAN YET', 0, 8);
    const not = new NegatedFilter(text, 0, 9);
    expect([text.matches(TARGETS.loanStatus), not.matches(TARGETS.loanStatus)]).toEqual([true, false]);
    expect([text.usesSearchIndex, not.usesSearchIndex]).toEqual([true, true]);
    expect(not.describe()).toBe('not (text contains "loan yet")');
  });
});
