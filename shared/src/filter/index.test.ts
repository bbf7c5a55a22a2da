import { describe, expect, it } from 'vitest';
import { CORPUS } from './__fixtures__/exchanges.ts';
import * as filter from './index.ts';

describe('the filter barrel', () => {
  it('exposes the public API', () => {
    const parsed = filter.parseFilter('method:POST has-error');
    const target = { exchange: CORPUS.replay, searchIndex: filter.buildSearchIndex(CORPUS.replay) };
    expect(parsed.ok && parsed.predicate(target)).toBe(true);
    expect(filter.describeFilter('-source:page')).toEqual(['not (source is page)']);
    expect(filter.FILTER_KEYS.length).toBe(filter.KEYED_FILTERS.length + 2);
    expect(filter.MAX_REGEX_INPUT_CHARS).toBe(100_000);
    expect(filter.MAX_REGEX_PATTERN_LENGTH).toBe(1000);
    expect(Object.keys(filter.REGEX_RISKS)).toContain('nested-quantifier');
  });
});
