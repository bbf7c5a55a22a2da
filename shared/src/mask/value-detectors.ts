/**
 * Value-shape detectors for free text and values under unknown keys. Each detector reports spans on
 * the original string; higher-priority detectors claim text first and later ones may not overlap.
 */
import { abaValid, digitsOf, ipv6Valid, luhnValid } from './checksums.ts';
import { MASK_TOKEN_PATTERN, tokenKind } from './tokens.ts';
import type { MaskKind } from './types.ts';

/** A sensitive substring `[start, end)`; `masked` when it is already a mask token. */
export interface Span {
  start: number;
  end: number;
  kind: MaskKind;
  masked: boolean;
}

/**
 * Which detectors run: `all`, or `textual` (emails, JWTs and `Bearer`/`Basic` credentials only) for
 * values under known non-PII keys, where digit shapes are ids (a 10-digit MID is not a phone).
 */
export type ScanProfile = 'all' | 'textual';

/** Strings shorter than this are never scanned (the shortest shape, `a@b.co`, has 6). */
export const MIN_SCAN_LENGTH = 6;

const NO_SPANS: readonly Span[] = Object.freeze([]);

// Whole values that are common and never PII: UUIDs, ISO/Avvance timestamps, MM/dd/yyyy dates,
// decimal amounts. Checked once so timestamps skip every digit detector.
const SAFE_WHOLE =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{2}\/\d{2}\/\d{4}|-?\d{1,15}\.\d{1,20})$/i;

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const AUTH = /\b(?:[Bb]earer|[Bb]asic|BEARER|BASIC)\s+([A-Za-z0-9._~+/-]{12,}=*)/g;
const CREDENTIAL_HINT = /[\d+/=._~-]/;
const CARD = /(?<!\d|\d\.)[2-6]\d{3}(?:[ -]?\d){9,15}(?!\d)/g;
const SSN_FORMATTED = /(?<!\d|\d\.)\d{3}([- ])\d{2}\1\d{4}(?!\d)/g;
const PHONE_US =
  /(?<![\d+]|\d\.)(?:\+?1[-. ]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[-. ]?[2-9]\d{2}[-. ]?\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,6})?(?!\d)/gi;
const PHONE_E164 = /(?<![\w+])\+[2-9]\d{7,14}(?!\d)/g;
const NINE_DIGITS = /(?<![A-Za-z0-9]|\d\.)\d{9}(?![A-Za-z0-9]|\.\d)/g;
const LONG_DIGITS = /(?<![A-Za-z0-9]|\d\.)\d{14,20}(?![A-Za-z0-9]|\.\d)/g;
const IPV4 =
  /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)/g;
const IPV6 = /(?<![\w:])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{3,39}(?![\w:]|\.\d)/g;

/**
 * Accepted spans, sorted by start; a new span is refused when it overlaps one already taken, or
 * touches a token that was already in the input.
 */
class SpanSet {
  readonly spans: Span[] = [];

  /** Index of the first span starting at or after `pos`. */
  #indexFrom(pos: number): number {
    const spans = this.spans;
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(start: number, end: number, kind: MaskKind, masked = false): boolean {
    const i = this.#indexFrom(start);
    const before = this.spans[i - 1];
    const after = this.spans[i];
    const overlaps =
      (before !== undefined && before.end > start) || (after !== undefined && after.start < end);
    // Idempotence: text touching a token that was already in the input was judged next to the
    // original value on the first pass; the token's glyphs must not make it match now.
    const touchesToken =
      !masked && ((before?.masked && before.end === start) || (after?.masked && after.start === end));
    if (overlaps || touchesToken) return false;
    this.spans.splice(i, 0, { start, end, kind, masked });
    return true;
  }

  /** End of the last span starting before `pos` (0 when none): where a match reaching back may start. */
  endBefore(pos: number): number {
    return this.spans[this.#indexFrom(pos) - 1]?.end ?? 0;
  }
}

function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) fn(m);
}

function isLocalChar(c: number): boolean {
  // RFC 5322 atext plus '.', and letters beyond ASCII (but not the token glyphs ‹ › •).
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    ATEXT_SYMBOLS.includes(String.fromCharCode(c)) ||
    (c >= 0xc0 && (c < 0x2000 || c > 0x206f))
  );
}

const ATEXT_SYMBOLS = ".!#$%&'*+/=?^_`{|}~-";
const URL_DELIMITERS = '/?&=#';

function isDomainChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 45 ||
    (c >= 0xc0 && (c < 0x2000 || c > 0x206f))
  );
}

const TLD = /^[A-Za-z\u00c0-\uffff][A-Za-z0-9\u00c0-\uffff-]*$/;

function validDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => l.length === 0)) return false;
  const tld = labels[labels.length - 1]!;
  return tld.length >= 2 && TLD.test(tld);
}

// Linear scan from each '@' instead of a regex: a regex with a leading [local]+ goes quadratic on
// long runs of word characters (base64 blobs) that contain no address.
function scanEmails(text: string, set: SpanSet): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    // An address never reaches back into text already claimed (`a@b.io+c@d.io` is two addresses).
    const floor = set.endBefore(at);
    let start = at;
    while (start > floor && isLocalChar(text.charCodeAt(start - 1))) start--;
    // In `?user=joe@x.com` the address starts after the last URL delimiter, when anything is left.
    for (let i = at - 2; i >= start; i--) {
      if (URL_DELIMITERS.includes(text[i]!)) {
        start = i + 1;
        break;
      }
    }
    while (start < at && text.charCodeAt(start) === 46) start++;
    let end = at + 1;
    while (end < text.length && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
    if (start < at && validDomain(text.slice(at + 1, end))) set.add(start, end, 'email');
    at = text.indexOf('@', Math.max(end, at + 1));
  }
}

function scanCards(text: string, set: SpanSet): void {
  CARD.lastIndex = 0;
  for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
    const candidate = m[0];
    // Try the longest Luhn-valid prefix of 13–19 digits, so trailing digits don't hide a card.
    let digits = 0;
    const ends: number[] = [];
    for (let i = 0; i < candidate.length; i++) {
      const c = candidate.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        digits++;
        if (digits >= 13) ends.push(i + 1);
      }
    }
    let accepted = false;
    for (let j = ends.length - 1; j >= 0 && !accepted; j--) {
      const end = ends[j]!;
      if (luhnValid(digitsOf(candidate.slice(0, end)))) {
        accepted = set.add(m.index, m.index + end, 'card');
        if (accepted) CARD.lastIndex = m.index + end;
      }
    }
    if (!accepted) CARD.lastIndex = m.index + 1;
  }
}

function scanDigitShapes(text: string, set: SpanSet): void {
  scanCards(text, set);
  eachMatch(SSN_FORMATTED, text, (m) => set.add(m.index, m.index + m[0].length, 'ssn'));
  eachMatch(PHONE_US, text, (m) => set.add(m.index, m.index + m[0].length, 'phone'));
  eachMatch(PHONE_E164, text, (m) => set.add(m.index, m.index + m[0].length, 'phone'));
  eachMatch(NINE_DIGITS, text, (m) =>
    set.add(m.index, m.index + 9, abaValid(m[0]) ? 'routing-number' : 'ssn'),
  );
  eachMatch(LONG_DIGITS, text, (m) => set.add(m.index, m.index + m[0].length, 'bank-account'));
}

/**
 * Finds sensitive substrings of `text` by shape: already-masked tokens, JWTs, `Bearer`/`Basic`
 * credentials, emails, card numbers (Luhn), SSNs, US and E.164 phones, ABA routing numbers
 * (checksum), 14–20 digit account numbers, IPv4 and IPv6 addresses (loopback excluded). Dates are
 * never treated as dates of birth by shape. Returns spans sorted by start (empty when none).
 * `profile` defaults to `all`.
 */
export function findSpans(text: string, profile: ScanProfile = 'all'): readonly Span[] {
  const n = text.length;
  if (n < MIN_SCAN_LENGTH) return NO_SPANS;
  const all = profile === 'all';
  let digits = 0;
  let dots = 0;
  let colons = 0;
  let at = false;
  let marker = false;
  let space = false;
  if (all) {
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
      else if (c === 46) dots++;
      else if (c === 58) colons++;
      else if (c === 64) at = true;
      else if (c === 0x2039 || c === 0x2022 || c === 91) marker = true;
      else if (c <= 32 || c === 0x85 || c === 0xa0 || c >= 0x1680) space = true; // any \s candidate
    }
  } else {
    // `textual` runs no digit detector: only the characters its detectors need are looked for.
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 64) at = true;
      else if (c === 0x2039 || c === 0x2022 || c === 91) marker = true;
      else if (c <= 32 || c === 0x85 || c === 0xa0 || c >= 0x1680) space = true;
    }
  }
  // Each gate below is exactly the condition under which its detector runs, so a string no detector
  // would look at returns before anything is allocated (most ids, enum values, words and dates).
  const long = n >= 16;
  const auth = long && space; // AUTH needs whitespace after the scheme
  const jwt = long && text.includes('eyJ');
  const digitShapes = all && digits >= 8;
  const ipv4 = all && digits >= 4 && dots >= 3;
  const ipv6 = all && colons >= 2;
  const shapes = (digitShapes || ipv4 || ipv6) && !(n <= 40 && SAFE_WHOLE.test(text));
  if (!marker && !at && !auth && !jwt && !shapes) return NO_SPANS;
  const set = new SpanSet();
  if (marker) {
    eachMatch(MASK_TOKEN_PATTERN, text, (m) =>
      set.add(m.index, m.index + m[0].length, tokenKind(m[0]), true),
    );
  }
  if (jwt) eachMatch(JWT, text, (m) => set.add(m.index, m.index + m[0].length, 'token'));
  if (auth)
    eachMatch(AUTH, text, (m) => {
      const cred = m[1]!;
      if (CREDENTIAL_HINT.test(cred))
        set.add(m.index + m[0].length - cred.length, m.index + m[0].length, 'token');
    });
  if (at) scanEmails(text, set);
  if (shapes) {
    if (digitShapes) scanDigitShapes(text, set);
    if (ipv4) {
      eachMatch(IPV4, text, (m) => {
        if (!m[0].startsWith('127.') && m[0] !== '0.0.0.0') set.add(m.index, m.index + m[0].length, 'ip');
      });
    }
    if (ipv6) eachMatch(IPV6, text, (m) => ipv6Valid(m[0]) && set.add(m.index, m.index + m[0].length, 'ip'));
  }
  return set.spans.length === 0 ? NO_SPANS : set.spans;
}
