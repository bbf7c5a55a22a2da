import { describe, expect, it } from 'vitest';
import { isSpace, lex, type Term } from './lexer.ts';

/** A compact picture of a term: `-word[a|"b"]` or `/re/flags`. */
function picture(term: Term): string {
  const sign = term.negated ? '-' : '';
  if (term.kind === 'regex') return `${sign}/${term.pattern}/${term.flags}`;
  return `${sign}word[${term.segments.map((s) => (s.quoted ? JSON.stringify(s.text) : s.text)).join('|')}]`;
}

describe('lex', () => {
  // Table spec: `input → terms` (`|` separates runs of one word; quoted runs are shown quoted).
  const table: [string, string][] = [
    ['', ''],
    ['   \t\n', ''],
    ['a b', 'word[a] word[b]'],
    ['-a', '-word[a]'],
    ['- a -', 'word[a]'],
    ['--a', '-word[-a]'],
    ['"a b"', 'word["a b"]'],
    ['x"a b"y', 'word[x|"a b"|y]'],
    ['path:"/a b"', 'word[path:|"/a b"]'],
    ['"say \\"hi\\""', 'word["say \\"hi\\""]'],
    ['"back\\\\slash"', 'word["back\\\\slash"]'],
    ['"keep \\n"', 'word["keep \\\\n"]'],
    ['""', 'word[""]'],
    ['-"x"', '-word["x"]'],
    ['/re/', '/re/'],
    ['-/re/gi', '-/re/gi'],
    ['/a/b/', '/a/b/'],
    ['/poslp/services', 'word[/poslp/services]'],
    ['/auth/oauth2/v1/token', 'word[/auth/oauth2/v1/token]'],
    ['/x/sig', '/x/sig'],
    ['/', 'word[/]'],
    ['//', 'word[//]'],
    ['/"a b"/', 'word[/|"a b"|/]'],
    ['a\u00a0b', 'word[a] word[b]'],
    ['a\u3000b', 'word[a] word[b]'],
    ['é😀', 'word[é😀]'],
  ];
  it.each(table)('%j → %s', (input, expected) => {
    const { terms, errors } = lex(input);
    expect(errors).toEqual([]);
    expect(terms.map(picture).join(' ')).toBe(expected);
  });

  it('records offsets of terms and runs', () => {
    const [word, regex] = lex(' -k:"v w" /r/i').terms;
    expect(word).toMatchObject({ from: 1, to: 9, bodyFrom: 2 });
    expect(word?.kind === 'word' && word.segments).toEqual([
      { text: 'k:', quoted: false, from: 2, to: 4 },
      { text: 'v w', quoted: true, from: 4, to: 9 },
    ]);
    expect(regex).toMatchObject({ from: 10, to: 14, bodyFrom: 10, pattern: 'r', flags: 'i' });
  });

  it('reports an unterminated quote from the quote to the end and drops the term', () => {
    expect(lex('a "b c')).toEqual({
      terms: [expect.objectContaining({ kind: 'word', from: 0, to: 1 })],
      errors: [{ message: 'unterminated quote', from: 2, to: 6 }],
    });
    expect(lex('"a\\"').errors).toEqual([{ message: 'unterminated quote', from: 0, to: 4 }]);
  });

  it('knows JavaScript whitespace', () => {
    expect([' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\ufeff'].every(isSpace)).toBe(true);
    expect(['a', '-', '"', '\u200b', undefined].some(isSpace)).toBe(false);
  });
});
