import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasNul, quotePosix } from '../shell-quote.ts';
import { runBash } from './echo-server.ts';

/** What bash makes of each quoted word, read back NUL-separated. */
async function throughBash(values: string[]): Promise<string[]> {
  const out = await runBash(`printf '%s\\0' ${values.map(quotePosix).join(' ')}`);
  return out.split('\0').slice(0, -1);
}

describe('quotePosix', () => {
  it.each([
    ['plain', "'plain'"],
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['$(rm -rf /) `id` !! \\ "', "'$(rm -rf /) `id` !! \\ \"'"],
    ['a\nb', "'a\nb'"],
    ['a\tb', "$'a\\x09b'"],
    ["a\r\nb'\\", "$'a\\x0d\\nb\\'\\\\'"],
    ['\u001b[31m', "$'\\x1b[31m'"],
    ['\u202eevil', "$'\\xe2\\x80\\xaeevil'"],
    ['\u0085', "$'\\xc2\\x85'"],
    ['héllo 😀', "'héllo 😀'"],
    ['a\0b', "'ab'"],
  ])('%j → %s', (input, quoted) => {
    expect(quotePosix(input)).toBe(quoted);
  });

  it('flags NUL', () => {
    expect(hasNul('a\0')).toBe(true);
    expect(hasNul('a')).toBe(false);
  });

  it('round-trips nasty words through bash byte for byte', async () => {
    const nasty = [
      "'",
      "''\\''",
      '$(rm -rf /)',
      '`touch /tmp/pwned`',
      '!!',
      '!$',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell expansion is the point
      '${HOME}',
      '\\',
      '\\\\n',
      'line1\nline2\n',
      'tab\there',
      'cr\r\nlf',
      '\u001b]0;title\u0007',
      'naïve — 日本語 😀 \u202e\u2066',
      '*',
      '~',
      '#comment',
      '-X',
      ' leading and trailing ',
      '%s%n',
    ];
    expect(await throughBash(nasty)).toEqual(nasty);
  });

  it('round-trips arbitrary Unicode (property)', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 20 }),
        async (words) => {
          const clean = words.map((w) => w.replaceAll('\0', ''));
          expect(await throughBash(clean)).toEqual(clean);
        },
      ),
      { numRuns: 25 },
    );
  });
});
