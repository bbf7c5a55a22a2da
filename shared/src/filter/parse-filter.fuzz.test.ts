import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../model/exchange.ts';
import { CORPUS, NAMES, TARGETS } from './__fixtures__/exchanges.ts';
import { FILTER_KEYS } from './catalogue.ts';
import { parseFilter } from './parse-filter.ts';
import { buildSearchIndex, MAX_REGEX_INPUT_CHARS } from './search-index.ts';
import type { FilterTarget, ParsedFilter } from './types.ts';

/** Pieces that exercise every branch of the lexer and parser when glued together at random. */
const PIECES = [
  '"',
  '\\',
  '\\"',
  '-',
  ':',
  '/',
  ' ',
  '\t',
  '\u00a0',
  '(',
  ')',
  '+',
  '*',
  '?',
  '[',
  ']',
  '{2,}',
  '|',
  '=',
  '>',
  '>=',
  '<',
  'a',
  'x',
  '4xx',
  '10k',
  'é',
  '😀',
  '\u0301',
  'status',
  'method',
  'duration',
  'larger-than',
  'header',
  'source',
  'is',
  'has-error',
  'flow',
  'path',
];
const filterText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/** A body that makes a careless regex backtrack for minutes. */
const HUGE: Exchange = {
  ...CORPUS.webhook,
  id: 'huge',
  response: { ...CORPUS.webhook.response!, body: `${'a'.repeat(150_000)}!${' '.repeat(50_000)}!` },
};
const TARGETS_AND_HUGE: FilterTarget[] = [
  ...NAMES.map((n) => TARGETS[n]),
  { exchange: HUGE, searchIndex: buildSearchIndex(HUGE) },
];

function checkShape(text: string, parsed: ParsedFilter): void {
  expect(parsed.ok).toBe(parsed.errors.length === 0);
  for (const { from, to } of [...parsed.errors, ...parsed.filters]) {
    expect(0 <= from && from <= to && to <= text.length).toBe(true);
  }
}

describe('parseFilter on arbitrary input', () => {
  it('never throws, and positions stay inside the text', () => {
    fc.assert(
      fc.property(filterText, (text) => {
        checkShape(text, parseFilter(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('yields a predicate that never throws on the corpus', () => {
    fc.assert(
      fc.property(filterText, (text) => {
        const { predicate } = parseFilter(text);
        for (const name of NAMES) expect(typeof predicate(TARGETS[name])).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('yields a predicate that never throws on malformed exchanges', () => {
    const broken = { ...CORPUS.create, request: { ...CORPUS.create.request, headers: undefined, url: 42 } };
    const target = { exchange: broken as unknown as Exchange };
    fc.assert(
      fc.property(filterText, (text) => {
        expect(typeof parseFilter(text).predicate(target)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('bounded time on adversarial input', () => {
  // Generous bounds: the machine may be busy, and what we guard against takes seconds to hours.
  const SMALL_MS = 1000;
  const LARGE_MS = 3000;

  /** Parses `text` and runs it over the corpus plus a huge body; returns elapsed milliseconds. */
  function timed(text: string): number {
    const start = performance.now();
    const parsed = parseFilter(text);
    for (const target of TARGETS_AND_HUGE) parsed.predicate(target);
    return performance.now() - start;
  }

  it.each([1, 2, 5, 20, 150])("refuses '/' + '(a+)+'.repeat(%i) + '$/' quickly", (n) => {
    const text = `/${'(a+)+'.repeat(n)}$/`;
    expect(parseFilter(text).errors[0]?.message).toBe('regex may be too slow: nested quantifier');
    expect(timed(text)).toBeLessThan(SMALL_MS);
  });

  it('refuses a 10,000-group regex by length before scanning it', () => {
    const text = `/${'(a+)+'.repeat(10_000)}$/`;
    expect(parseFilter(text).errors[0]?.message).toBe('regex is longer than 1000 characters');
    expect(timed(text)).toBeLessThan(SMALL_MS);
  });

  it.each([
    ['quotes', '"'.repeat(100_000)],
    ['odd quotes', '"'.repeat(100_001)],
    ['dashes', '-'.repeat(100_000)],
    ['colons', ':'.repeat(100_000)],
    ['slashes', '/'.repeat(100_000)],
    ['backslash quotes', '"' + '\\"'.repeat(50_000)],
    ['dash quotes', '-"'.repeat(50_000)],
    ['keys', 'status:'.repeat(20_000)],
    ['terms', 'status:4xx '.repeat(10_000)],
    ['a-colons', 'a:'.repeat(50_000)],
    ['regex-ish', '/a'.repeat(50_000) + '/'],
    ['open groups', `/${'('.repeat(500)}a${')'.repeat(500)}/`],
  ])('handles 100k %s', (_name, text) => {
    expect(timed(text)).toBeLessThan(LARGE_MS);
  });

  it.each(['/a+$/', '/.*!x/', '/\\s+$/', '/.+zz/', '/a*b/', '/^(a+)b/', '/a+?!q/', '/[a!]+x$/'])(
    'runs %s over a 200k-character body without backtracking for long',
    (text) => {
      expect(parseFilter(text).ok).toBe(true);
      expect(timed(text)).toBeLessThan(SMALL_MS);
    },
  );

  it('caps what a regex sees', () => {
    const pastCap = `/${'a'.repeat(5)}!/`;
    expect(HUGE.response?.body).toContain('a'.repeat(5) + '!');
    expect(buildSearchIndex(HUGE).indexOf('a!')).toBeGreaterThan(MAX_REGEX_INPUT_CHARS);
    expect(parseFilter(pastCap).predicate(TARGETS_AND_HUGE.at(-1)!)).toBe(false);
    expect(parseFilter('"aaaaa!"').predicate(TARGETS_AND_HUGE.at(-1)!)).toBe(true);
  });

  it('bounds random small regexes on the corpus', () => {
    const regexPiece = fc.constantFrom(
      'a',
      'x',
      '.',
      '(',
      ')',
      '+',
      '*',
      '?',
      '|',
      '\\d',
      '[a-]',
      '{2,}',
      '$',
      '^',
    );
    fc.assert(
      fc.property(fc.string({ unit: regexPiece, minLength: 1, maxLength: 14 }), (body) => {
        const start = performance.now();
        const { predicate } = parseFilter(`/${body}/`);
        for (const name of NAMES) predicate(TARGETS[name]);
        expect(performance.now() - start).toBeLessThan(SMALL_MS);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('negation law', () => {
  const examples = FILTER_KEYS.flatMap((k) => k.examples).filter((e) => !e.startsWith('-'));
  const quoted = fc
    .string({ maxLength: 12 })
    .map((s) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
  const word = fc.stringMatching(/^[a-z0-9_.:=<>/"-]{1,10}$/).filter((w) => !w.startsWith('-'));
  const regex = fc.stringMatching(/^\/[a-z0-9.\\]{1,6}\/[imsu]?$/);
  const term = fc.oneof(fc.constantFrom(...examples), quoted, word, regex);
  const answered = NAMES.filter((n) => CORPUS[n].response !== undefined);

  it('-t matches exactly what t does not, for any valid single term t', () => {
    fc.assert(
      fc.property(term, (t) => {
        const positive = parseFilter(t);
        fc.pre(positive.ok && positive.filters.length === 1);
        const negative = parseFilter(`-${t}`);
        expect(negative.ok).toBe(true);
        for (const name of answered) {
          expect(negative.predicate(TARGETS[name])).toBe(!positive.predicate(TARGETS[name]));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
