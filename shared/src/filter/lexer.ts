/**
 * Splits filter text into terms in one left-to-right pass (no backtracking, so any input lexes in
 * linear time). Terms are separated by whitespace; `"…"` quotes may hide whitespace inside a term.
 */
import type { FilterError } from './types.ts';

/** A run of a word term: quoted runs had their quotes removed and escapes applied. */
export interface Segment {
  text: string;
  quoted: boolean;
  /** Offsets of the raw run in the filter text (quotes included). */
  from: number;
  to: number;
}

interface TermBase {
  /** True when the term starts with `-`. */
  negated: boolean;
  /** Offsets of the term, including a leading `-`. */
  from: number;
  to: number;
  /** Offset just after a leading `-` (equal to `from` when not negated). */
  bodyFrom: number;
}

/** A word: free text, a `key<op>value` term or a flag, told apart by the parser. */
export interface WordTerm extends TermBase {
  kind: 'word';
  segments: Segment[];
}

/** A `/pattern/flags` literal (unescaped whitespace ends it; write `\s` for a space). */
export interface RegexTerm extends TermBase {
  kind: 'regex';
  pattern: string;
  flags: string;
}

/** One whitespace-separated term. */
export type Term = WordTerm | RegexTerm;

/** Terms in order, plus lexical errors (only unterminated quotes). */
export interface LexResult {
  terms: Term[];
  errors: FilterError[];
}

/** Flags a regex literal may end with; any other tail means the word is text (`/poslp/services`). */
const REGEX_FLAGS = 'dgimsuvy';

/** Whitespace as JavaScript's `\s` sees it. */
export function isSpace(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  // ASCII fast path: this runs once per character of the filter text.
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(ch);
}

function wordEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !isSpace(text[end])) end++;
  return end;
}

/** Lexes filter text. Never throws. A lone `-` is dropped (the user is about to type a negated term). */
export function lex(text: string): LexResult {
  const terms: Term[] = [];
  const errors: FilterError[] = [];
  let i = 0;
  while (i < text.length) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const from = i;
    const negated = text[i] === '-';
    const bodyFrom = negated ? i + 1 : i;
    if (negated && (bodyFrom === text.length || isSpace(text[bodyFrom]))) {
      i = bodyFrom;
      continue;
    }
    const regex = text[bodyFrom] === '/' ? readRegex(text, bodyFrom) : undefined;
    if (regex !== undefined) {
      terms.push({
        kind: 'regex',
        negated,
        from,
        to: regex.to,
        bodyFrom,
        pattern: regex.pattern,
        flags: regex.flags,
      });
      i = regex.to;
      continue;
    }
    const word = readWord(text, bodyFrom);
    if ('error' in word) {
      errors.push(word.error);
      i = text.length;
      continue;
    }
    terms.push({ kind: 'word', negated, from, to: word.to, bodyFrom, segments: word.segments });
    i = word.to;
  }
  return { terms, errors };
}

function readRegex(text: string, from: number): { pattern: string; flags: string; to: number } | undefined {
  const to = wordEnd(text, from);
  const word = text.slice(from, to);
  const close = word.lastIndexOf('/');
  if (close < 2) return undefined;
  const flags = word.slice(close + 1);
  for (const flag of flags) if (!REGEX_FLAGS.includes(flag)) return undefined;
  return { pattern: word.slice(1, close), flags, to };
}

function readWord(text: string, from: number): { segments: Segment[]; to: number } | { error: FilterError } {
  const segments: Segment[] = [];
  let runFrom = from;
  let i = from;
  const flush = (): void => {
    if (i > runFrom) segments.push({ text: text.slice(runFrom, i), quoted: false, from: runFrom, to: i });
  };
  while (i < text.length && !isSpace(text[i])) {
    if (text[i] !== '"') {
      i++;
      continue;
    }
    flush();
    const quoted = readQuoted(text, i);
    if (quoted === undefined) return { error: { message: 'unterminated quote', from: i, to: text.length } };
    segments.push({ text: quoted.text, quoted: true, from: i, to: quoted.to });
    i = quoted.to;
    runFrom = i;
  }
  flush();
  return { segments, to: i };
}

/** Reads `"…"` starting at the opening quote; `\"` and `\\` are escapes, other backslashes are literal. */
function readQuoted(text: string, open: number): { text: string; to: number } | undefined {
  let out = '';
  let runFrom = open + 1;
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') return { text: out + text.slice(runFrom, i), to: i + 1 };
    if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
      out += text.slice(runFrom, i) + text[i + 1];
      i++;
      runFrom = i + 1;
    }
  }
  return undefined;
}
