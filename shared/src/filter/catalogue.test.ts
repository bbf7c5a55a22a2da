import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILTER_KEYS, filterForFlag, filterForKey, KEYED_FILTERS } from './catalogue.ts';
import { parseFilter } from './parse-filter.ts';

describe('FILTER_KEYS', () => {
  it('lists each key once, with completions', () => {
    const keys = FILTER_KEYS.map((k) => k.key).filter((k) => k !== null);
    expect(new Set(keys).size).toBe(keys.length);
    expect(FILTER_KEYS.map((k) => k.completion)).toEqual([
      'method:',
      'status:',
      'status-code:',
      'path:',
      'domain:',
      'header:',
      'source:',
      'flow:',
      'larger-than:',
      'duration>=',
      'mime-type:',
      'has-error',
      'is:',
      '',
      '',
    ]);
  });

  it.each(FILTER_KEYS.flatMap((k) => k.examples.map((e) => [k.name, e])))('%s example %s parses', (_n, e) => {
    const parsed = parseFilter(e);
    expect(parsed.errors).toEqual([]);
    expect(parsed.filters).toHaveLength(1);
  });

  it.each(
    FILTER_KEYS.filter((k) => k.values.length > 0).flatMap((k) => k.values.map((v) => [k.completion, v])),
  )('%s%s (a completion value) parses', (completion, value) => {
    expect(parseFilter(completion + value).ok).toBe(true);
  });

  it('is documented in docs/filter.md', () => {
    // Table cells escape `|` as `\|`.
    const doc = readFileSync(new URL('../../../docs/filter.md', import.meta.url), 'utf8').replaceAll(
      '\\|',
      '|',
    );
    for (const k of FILTER_KEYS) {
      expect(doc, k.name).toContain(`\`${k.syntax}\``);
      for (const e of k.examples) expect(doc, e).toContain(`\`${e}\``);
    }
  });
});

describe('lookups', () => {
  it('find classes by key and flag, and ignore prototype names', () => {
    expect(filterForKey('method')?.filterName).toBe('Method');
    expect(filterForFlag('has-error')?.filterName).toBe('Has error');
    expect(filterForKey('has-error')).toBeUndefined();
    expect(filterForFlag('method')).toBeUndefined();
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(filterForKey(name)).toBeUndefined();
      expect(filterForFlag(name)).toBeUndefined();
    }
    expect(KEYED_FILTERS.every((c) => c.key === c.key.toLowerCase())).toBe(true);
  });
});
