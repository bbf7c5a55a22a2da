import { describe, expect, it } from 'vitest';
import { CORPUS, TARGETS } from './__fixtures__/exchanges.ts';
import { FlowFilter, HeaderFilter, SourceFilter } from './request-filters.ts';

describe('request filters', () => {
  it('flow: never matches without a flow id', () => {
    const flow = new FlowFilter('7b83', 0, 9);
    expect(flow.matches({ exchange: CORPUS.create })).toBe(false);
    expect(flow.matches({ exchange: CORPUS.create, flowId: '7B831E4D' })).toBe(true);
    expect(flow.matches(TARGETS.create)).toBe(true);
  });

  it('header: reads request and response headers, name and value case-insensitively', () => {
    const result = HeaderFilter.create({
      op: ':',
      value: 'Partner-ID=7421',
      valueFrom: 7,
      valueTo: 22,
      from: 0,
      to: 22,
    });
    expect(result.ok && result.filter.matches(TARGETS.webhook)).toBe(true);
    expect(result.ok && result.filter.describe()).toBe('header partner-id contains "7421"');
    const empty = HeaderFilter.create({
      op: ':',
      value: 'x-empty=',
      valueFrom: 7,
      valueTo: 15,
      from: 0,
      to: 15,
    });
    expect(empty.ok && empty.filter.describe()).toBe('header x-empty contains ""');
  });

  it('source: lists every source for completion', () => {
    expect(SourceFilter.values).toEqual(['page', 'replay', 'popup', 'proxy', 'webhook']);
  });
});
