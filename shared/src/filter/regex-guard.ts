/**
 * Guards user regexes against catastrophic backtracking. JavaScript's engine backtracks, so
 * `/(a+)+$/` takes exponential time on `aaaa…b`; we cannot interrupt a running regex in the panel, so
 * risky shapes are refused before they run. The check is conservative (a safe `(ab?)+` is refused too)
 * and runs in one linear pass over a pattern that `new RegExp` has already accepted.
 */

/** Why a pattern was refused, keyed to the message shown under it. */
export const REGEX_RISKS = {
  'nested-quantifier': 'regex may be too slow: nested quantifier',
  alternation: 'regex may be too slow: alternation inside a repeated group',
  backreference: 'regex may be too slow: backreference',
  'adjacent-quantifiers': 'regex may be too slow: adjacent quantifiers can match the same text',
} as const;

/** A reason from {@link REGEX_RISKS}. */
export type RegexRiskReason = keyof typeof REGEX_RISKS;

/** A risky construct, with offsets into the pattern (`to` exclusive). */
export interface RegexRisk {
  reason: RegexRiskReason;
  from: number;
  to: number;
}

/** One top-level atom: a character, escape, class, `.`, anchor or group, with its quantifier. */
interface Atom {
  from: number;
  /** End of the atom itself, before its quantifier. */
  bodyTo: number;
  /** End of the atom including its quantifier and a lazy `?`. */
  to: number;
  min: number;
  max: number;
  /** Matches exactly one character (so `X+Q` may become `XQ`); false for groups and anchors. */
  single: boolean;
}

interface Frame {
  from: number;
  /** The group contains a quantifier, at any depth. */
  quantified: boolean;
  /** The group contains `|`, at any depth. */
  alternation: boolean;
  /** The unbounded quantified atom just before the current position at this level, if any. */
  repeat?: { from: number; text: string };
}

/** Result of {@link scanRegex}. */
export interface RegexScan {
  /** The first risky construct, when there is one. */
  risk?: RegexRisk;
  /** Top-level atoms, for {@link trimEdgeQuantifiers}. */
  atoms: Atom[];
  /** True when `|` appears outside every group. */
  topAlternation: boolean;
}

/**
 * Scans a pattern for risky constructs and records its top-level atoms. `unicodeSets` (the `v` flag)
 * makes `[` nest inside classes. Defaults to false.
 */
export function scanRegex(pattern: string, unicodeSets = false): RegexScan {
  const stack: Frame[] = [{ from: -1, quantified: false, alternation: false }];
  const atoms: Atom[] = [];
  let topAlternation = false;
  let last: { from: number; bodyTo: number; group?: Frame; single: boolean } | undefined;
  let i = 0;
  while (i < pattern.length) {
    const frame = stack[stack.length - 1]!;
    const ch = pattern[i]!;
    const quantifier = readQuantifier(pattern, i);
    if (quantifier !== undefined && last !== undefined) {
      if (last.group !== undefined && quantifier.max > 1) {
        const reason = last.group.quantified
          ? 'nested-quantifier'
          : last.group.alternation
            ? 'alternation'
            : null;
        if (reason !== null)
          return { risk: { reason, from: last.from, to: quantifier.to }, atoms, topAlternation };
      }
      const text = pattern.slice(last.from, last.bodyTo);
      if (quantifier.max === Infinity && frame.repeat !== undefined && overlaps(frame.repeat.text, text)) {
        const risk: RegexRisk = {
          reason: 'adjacent-quantifiers',
          from: frame.repeat.from,
          to: quantifier.to,
        };
        return { risk, atoms, topAlternation };
      }
      frame.repeat = quantifier.max === Infinity ? { from: last.from, text } : undefined;
      frame.quantified = true;
      if (stack.length === 1)
        atoms.push({ ...last, to: quantifier.to, min: quantifier.min, max: quantifier.max });
      last = undefined;
      i = quantifier.to;
      continue;
    }
    if (last !== undefined) {
      frame.repeat = undefined;
      if (stack.length === 1) atoms.push({ ...last, to: last.bodyTo, min: 1, max: 1 });
    }
    last = undefined;
    if (ch === '\\') {
      const end = escapeEnd(pattern, i);
      if (isBackreference(pattern, i))
        return { risk: { reason: 'backreference', from: i, to: end }, atoms, topAlternation };
      last = { from: i, bodyTo: end, single: !'bBk'.includes(pattern[i + 1] ?? '') };
      i = end;
    } else if (ch === '[') {
      const end = classEnd(pattern, i, unicodeSets);
      last = { from: i, bodyTo: end, single: true };
      i = end;
    } else if (ch === '(') {
      stack.push({ from: i, quantified: false, alternation: false });
      i = groupBodyStart(pattern, i);
    } else if (ch === ')' && stack.length > 1) {
      const closed = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.quantified ||= closed.quantified;
      parent.alternation ||= closed.alternation;
      last = { from: closed.from, bodyTo: i + 1, group: closed, single: false };
      i++;
    } else if (ch === '|') {
      frame.alternation = true;
      frame.repeat = undefined;
      if (stack.length === 1) topAlternation = true;
      i++;
    } else {
      const pair = isHighSurrogate(pattern.charCodeAt(i)) && isLowSurrogate(pattern.charCodeAt(i + 1));
      const end = i + (pair ? 2 : 1);
      last = { from: i, bodyTo: end, single: ch !== '^' && ch !== '$' };
      i = end;
    }
  }
  if (last !== undefined && stack.length === 1) atoms.push({ ...last, to: last.bodyTo, min: 1, max: 1 });
  return { atoms, topAlternation };
}

/**
 * Rewrites leading and trailing quantified single-character atoms, which only cost time under `test()`:
 * `.*foo` → `foo`, `a+$` → `a$`, `foo\s+` → `foo\s`. These are the common shapes that backtrack
 * quadratically over a long line, and the rewrite is exact for an unanchored `test()` (a match of the
 * rest at position j does not depend on where the whole match started). Patterns with top-level `|`
 * are returned unchanged.
 */
export function trimEdgeQuantifiers(pattern: string, scan: RegexScan): string {
  if (scan.topAlternation || scan.atoms.length === 0) return pattern;
  const { atoms } = scan;
  let head = '';
  let start = 0;
  let first = 0;
  for (; first < atoms.length; first++) {
    const atom = atoms[first]!;
    if (!atom.single || atom.max === atom.min) break;
    start = atom.to;
    if (atom.min > 0) {
      head = reduced(pattern, atom);
      first++;
      break;
    }
  }
  let tail = '';
  let end = pattern.length;
  for (let k = atoms.length - 1; k >= first; k--) {
    const atom = atoms[k]!;
    if (!atom.single || atom.max === atom.min) break;
    end = atom.from;
    if (atom.min > 0) {
      tail = reduced(pattern, atom);
      break;
    }
  }
  return head + pattern.slice(start, Math.max(start, end)) + tail;
}

/** Atoms that match (nearly) any character overlap with everything; others only with themselves. */
const WIDE = new Set(['.', '\\S', '\\W', '\\D', '[^]', '[\\s\\S]']);

function overlaps(a: string, b: string): boolean {
  return a === b || WIDE.has(a) || WIDE.has(b) || a.startsWith('[^') || b.startsWith('[^');
}

function reduced(pattern: string, atom: Atom): string {
  const body = pattern.slice(atom.from, atom.bodyTo);
  return atom.min === 1 ? body : `${body}{${atom.min}}`;
}

function readQuantifier(pattern: string, i: number): { min: number; max: number; to: number } | undefined {
  const ch = pattern[i];
  let q: { min: number; max: number; to: number } | undefined;
  if (ch === '*') q = { min: 0, max: Infinity, to: i + 1 };
  else if (ch === '+') q = { min: 1, max: Infinity, to: i + 1 };
  else if (ch === '?') q = { min: 0, max: 1, to: i + 1 };
  else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
    if (m === null) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    q = { min, max, to: i + m[0].length };
  }
  if (q !== undefined && pattern[q.to] === '?') q.to++;
  return q;
}

function escapeEnd(pattern: string, i: number): number {
  const next = pattern[i + 1];
  if ((next === 'u' || next === 'p' || next === 'P') && pattern[i + 2] === '{') {
    const close = pattern.indexOf('}', i + 3);
    return close < 0 ? i + 2 : close + 1;
  }
  if (next === 'k' && pattern[i + 2] === '<') {
    const close = pattern.indexOf('>', i + 3);
    return close < 0 ? i + 2 : close + 1;
  }
  if (next === 'u' && /^[0-9a-f]{4}$/i.test(pattern.slice(i + 2, i + 6))) return i + 6;
  if (next === 'x' && /^[0-9a-f]{2}$/i.test(pattern.slice(i + 2, i + 4))) return i + 4;
  if (next === 'c' && /^[a-z]$/i.test(pattern[i + 2] ?? '')) return i + 3;
  if (next !== undefined && /[1-9]/.test(next)) {
    let end = i + 2;
    while (/[0-9]/.test(pattern[end] ?? '')) end++;
    return end;
  }
  return Math.min(i + 2, pattern.length);
}

function isBackreference(pattern: string, i: number): boolean {
  const next = pattern[i + 1] ?? '';
  return /[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<');
}

function classEnd(pattern: string, open: number, nested: boolean): number {
  let depth = 1;
  let i = open + 1;
  if (pattern[i] === '^') i++;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '[' && nested) depth++;
    else if (ch === ']' && --depth === 0) break;
    i++;
  }
  return Math.min(i + 1, pattern.length);
}

/** Skips `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>` and modifier groups like `(?i:`. */
function groupBodyStart(pattern: string, open: number): number {
  if (pattern[open + 1] !== '?') return open + 1;
  const m = /^\(\?(?:<[=!]|<[^>]*>|[=!:]|[a-z-]*:)/i.exec(pattern.slice(open, open + 64));
  return open + (m?.[0].length ?? 2);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
