import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchGlob } from './glob.ts';

describe('matchGlob', () => {
  const table: [string, string, boolean][] = [
    ['*.usbank.com', 'alpha-api2.usbank.com', true],
    ['*.usbank.com', 'a.b.usbank.com', true],
    ['*.usbank.com', 'usbank.com', false],
    ['*.usbank.com', 'usbank.com.evil.com', false],
    ['api*.usbank.com', 'api2.usbank.com', true],
    ['localhost', 'localhost', true],
    ['localhost', 'localhost2', false],
    ['*', '', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['**', 'x', true],
  ];
  it.each(table)('%s ~ %s → %s', (glob, text, expected) => {
    expect(matchGlob(glob, text)).toBe(expected);
  });

  it('agrees with an equivalent regex', () => {
    const chars = fc.constantFrom('a', 'b', '.', '*');
    fc.assert(
      fc.property(
        fc.string({ unit: chars, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '.'), maxLength: 10 }),
        (glob, text) => {
          const source = glob
            .split('*')
            .map((part) => part.replaceAll('.', '\\.'))
            .join('.*');
          expect(matchGlob(glob, text)).toBe(new RegExp(`^${source}$`, 's').test(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
