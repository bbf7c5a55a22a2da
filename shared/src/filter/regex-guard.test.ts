import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGEX_RISKS, type RegexRiskReason, scanRegex, trimEdgeQuantifiers } from './regex-guard.ts';

/** Splits `a«b»c` into `abc` and the span of «…». */
function marked(source: string): { pattern: string; from: number; to: number } {
  const from = source.indexOf('«');
  const to = source.indexOf('»') - 1;
  return { pattern: source.replace('«', '').replace('»', ''), from, to };
}

describe('scanRegex', () => {
  // Table spec: «…» marks the span reported; `ok` rows have no risk.
  const risky: [string, RegexRiskReason][] = [
    ['«(a+)+»$', 'nested-quantifier'],
    ['«(a*)*»', 'nested-quantifier'],
    ['x«(?:a{2,}b)+?»', 'nested-quantifier'],
    ['«((a+)?){2,5}»', 'nested-quantifier'],
    ['«(?=(a+))*»', 'nested-quantifier'],
    ['«(a|aa)+»', 'alternation'],
    ['«(?:(a|b)c)*»', 'alternation'],
    ['(a)«\\1»', 'backreference'],
    ['(a)«\\12»', 'backreference'],
    ['(?<x>a)«\\k<x>»', 'backreference'],
    ['«a+a*»', 'adjacent-quantifiers'],
    ['x«.*\\d+»y', 'adjacent-quantifiers'],
    ['x«\\d+?[^a]+»', 'adjacent-quantifiers'],
    ['(«\\s*\\s*»)', 'adjacent-quantifiers'],
  ];
  it.each(risky)('%s → %s', (source, reason) => {
    const { pattern, from, to } = marked(source);
    expect(scanRegex(pattern).risk).toEqual({ reason, from, to });
    expect(REGEX_RISKS[reason]).toMatch(/^regex may be too slow: /);
  });

  const safe = [
    'a+',
    '(ab)+',
    '(a+)?',
    '(a|b)',
    '(?:x|y)?z',
    '\\d+\\.\\d+',
    '[(+*]+',
    '[\\]+]*x',
    'a{2}b{3,}',
    'a{,2}+',
    '\\u{1F600}+',
    '\\p{L}+\\s',
    '\\x41+y',
    '\\u0041+y',
    '\\cJ+',
    '\\0+x',
    '[]a+',
    '[^]+x',
    '(?<year>\\d{4})-(?<m>\\d\\d)',
    '(?<=a)b+(?!c)',
    'a+b+',
    'a+?b*',
    '😀+',
    ')a+',
  ];
  it.each(safe)('%s is allowed', (pattern) => {
    expect(scanRegex(pattern).risk).toBeUndefined();
  });

  it('nests classes only with the v flag', () => {
    expect(scanRegex('[[a]--[b]]+x', true).atoms.map((a) => [a.from, a.to])).toEqual([
      [0, 11],
      [11, 12],
    ]);
    expect(scanRegex('[[a]+]', false).atoms.map((a) => [a.from, a.to])).toEqual([
      [0, 5],
      [5, 6],
    ]);
  });
});

describe('trimEdgeQuantifiers', () => {
  // Table spec: `pattern → rewritten`.
  const table = `
    .*foo         → foo
    .*?foo.*      → foo
    a+$           → a$
    ^a+           → ^a
    \\s+$         → \\s$
    foo\\s+       → foo\\s
    a{3,}b        → a{3}b
    ba{2,5}?      → ba{2}
    x?y?z         → z
    .*            → (empty)
    a{2,}         → a{2}
    (a)+b         → (a)+b
    a+|b+         → a+|b+
    a{2}b         → a{2}b
    😀+x          → 😀x
    x😀*          → x
    \\bfoo+       → \\bfoo
  `;
  const rows = table
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+→\s+/) as [string, string]);
  it.each(rows)('%s → %s', (source, expected) => {
    const pattern = source.replaceAll('\\\\', '\\');
    const rewritten = trimEdgeQuantifiers(pattern, scanRegex(pattern));
    expect(rewritten === '' ? '(empty)' : rewritten).toBe(expected.replaceAll('\\\\', '\\'));
  });

  it('never changes what test() answers', () => {
    const atom = fc.constantFrom(
      'a',
      'b',
      '.',
      '\\s',
      '[ab]',
      '[^a]',
      '(a)',
      '(?:ab)',
      '^',
      '$',
      '\\b',
      'ab',
    );
    const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,}', '{2,3}', '*?', '+?');
    const pattern = fc
      .array(fc.tuple(atom, quant), { maxLength: 6 })
      .map((parts) => parts.map(([a, q]) => (a === '^' || a === '$' || a === '\\b' ? a : a + q)).join(''));
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'c'), maxLength: 12 });
    fc.assert(
      fc.property(pattern, fc.constantFrom('', 'i', 'm', 's', 'u'), text, (p, flags, s) => {
        const scan = scanRegex(p);
        fc.pre(scan.risk === undefined);
        const trimmed = trimEdgeQuantifiers(p, scan);
        expect(new RegExp(trimmed, flags).test(s)).toBe(new RegExp(p, flags).test(s));
      }),
      { numRuns: 2000 },
    );
  });
});
