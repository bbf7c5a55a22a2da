import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { digitsOf } from './checksums.ts';
import type { MaskKind } from './types.ts';

/** What every secret (and CVV) becomes: nothing of the value is kept. */
export const REDACTED = '[REDACTED]';

/** Hex characters of HMAC kept in a token (24 bits: collisions stay rare within one session). */
export const TOKEN_HASH_LENGTH = 6;

/** Distinct values remembered per minter before its cache is reset. Defaults to 50_000. */
export const MAX_TOKEN_CACHE = 50_000;

const KIND_FLAGS = {
  secret: true,
  token: true,
  cookie: true,
  'capability-url': true,
  ssn: true,
  card: true,
  cvv: true,
  'routing-number': true,
  'bank-account': true,
  'loan-account': true,
  dob: true,
  email: true,
  phone: true,
  address: true,
  'postal-code': true,
  name: true,
  income: true,
  ip: true,
  'government-id': true,
  device: true,
  custom: true,
  unscanned: true,
} as const satisfies Record<MaskKind, true>;

/** Every {@link MaskKind}, in declaration order. */
export const MASK_KINDS: readonly MaskKind[] = Object.keys(KIND_FLAGS) as MaskKind[];

const KIND_SET: ReadonlySet<string> = new Set(MASK_KINDS);

/**
 * Matches one token as produced by {@link TokenMinter} or a redaction, anywhere in a string:
 * `‹email#a1f3c9›`, `•••-••-6789#a1f3c9` (SSN), `••••-••••-••••-1111#a1f3c9` (card),
 * `••••6789#a1f3c9` (bank or loan account), `[REDACTED]`. Global: reset `lastIndex` before use.
 */
export const MASK_TOKEN_PATTERN =
  /‹([a-z-]+)#[0-9a-f]{6}›|•••-••-\d{4}#[0-9a-f]{6}|••••-••••-••••-\d{4}#[0-9a-f]{6}|••••\d{4}#[0-9a-f]{6}|\[REDACTED\]/g;

const WHOLE_TOKEN = new RegExp(`^(?:${MASK_TOKEN_PATTERN.source})$`);

/** True when `s` is exactly one mask token (so masking it again must leave it alone). */
export function isMaskToken(s: string): boolean {
  const first = s.charCodeAt(0);
  // Cheap first-character gate ('‹', '•', '['): most values are not tokens.
  return (
    (first === 0x2039 || first === 0x2022 || first === 91) &&
    s.length >= 10 &&
    s.length <= 48 &&
    WHOLE_TOKEN.test(s)
  );
}

/** The kind a token stands for (`[REDACTED]` → `token`: in free text only credentials are redacted). */
export function tokenKind(token: string): MaskKind {
  if (token.startsWith('‹')) {
    const kind = token.slice(1, token.indexOf('#'));
    return KIND_SET.has(kind) ? (kind as MaskKind) : 'custom';
  }
  if (token.startsWith('•••-')) return 'ssn';
  if (token.startsWith('••••-')) return 'card';
  if (token.startsWith('••••')) return 'bank-account';
  return 'token';
}

// Last-4 hints only where the full number is long enough that four digits reveal little (an
// `expYear` of `2028` or a 4-digit `ssnLast4` gets a plain token instead).
const LAST4_MIN_DIGITS: Partial<Record<MaskKind, number>> = {
  ssn: 9,
  card: 12,
  'bank-account': 6,
  'loan-account': 6,
};

const encoder = new TextEncoder();
const HEX = '0123456789abcdef';

/** Per-kind canonical form, so `(612) 555-0142` and `6125550142` mint the same token. */
function canonical(kind: MaskKind, value: string): string {
  switch (kind) {
    case 'phone': {
      const d = digitsOf(value);
      return d.length === 11 && d.startsWith('1') ? d.slice(1) : d || value;
    }
    case 'ssn':
    case 'card':
    case 'bank-account':
    case 'loan-account':
    case 'routing-number':
      return digitsOf(value) || value;
    default:
      return value.trim().toLowerCase().replace(/\s+/g, ' ');
  }
}

/**
 * Mints deterministic, non-reversible tokens: `HMAC-SHA256(salt, kind + value)`, truncated to
 * {@link TOKEN_HASH_LENGTH} hex characters. SSN, card and account tokens keep the last four digits
 * (DESIGN.md: `•••-••-6789#a1f3c9`); every other kind is `‹kind#hash›`. Results are cached per
 * instance, so a value repeated across a capture is hashed once.
 */
export class TokenMinter {
  readonly #mac: ReturnType<typeof hmac.create>;
  readonly #cache = new Map<MaskKind, Map<string, string>>();
  #size = 0;

  /** `salt` must be non-empty (see {@link createMaskSalt}). */
  constructor(salt: string) {
    if (typeof salt !== 'string' || salt.length === 0) {
      throw new TypeError('MaskOptions.salt must be a non-empty string (use createMaskSalt()).');
    }
    this.#mac = hmac.create(sha256, encoder.encode(salt));
  }

  /** The token for `value` of `kind`. */
  token(kind: MaskKind, value: string): string {
    let byValue = this.#cache.get(kind);
    if (byValue === undefined) {
      byValue = new Map();
      this.#cache.set(kind, byValue);
    }
    let out = byValue.get(value);
    if (out === undefined) {
      if (this.#size >= MAX_TOKEN_CACHE) {
        for (const m of this.#cache.values()) m.clear();
        this.#size = 0;
      }
      const canon = canonical(kind, value);
      out = this.#format(kind, canon, this.#hash(kind + '\u0000' + canon));
      byValue.set(value, out);
      this.#size++;
    }
    return out;
  }

  #hash(input: string): string {
    const mac = this.#mac.clone().update(encoder.encode(input)).digest();
    let hex = '';
    for (let i = 0; hex.length < TOKEN_HASH_LENGTH; i++) {
      const b = mac[i]!;
      hex += HEX[b >> 4]! + HEX[b & 15]!;
    }
    return hex.slice(0, TOKEN_HASH_LENGTH);
  }

  #format(kind: MaskKind, canon: string, hash: string): string {
    const minDigits = LAST4_MIN_DIGITS[kind];
    if (minDigits !== undefined && canon.length >= minDigits && /^\d+$/.test(canon)) {
      const last4 = canon.slice(-4);
      if (kind === 'ssn') return `•••-••-${last4}#${hash}`;
      if (kind === 'card') return `••••-••••-••••-${last4}#${hash}`;
      return `••••${last4}#${hash}`;
    }
    return `‹${kind}#${hash}›`;
  }
}

/**
 * A fresh random salt for one session: 16 bytes from `globalThis.crypto.getRandomValues`
 * (browsers and Node 20+), as 32 hex characters.
 */
export function createMaskSalt(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += HEX[b >> 4]! + HEX[b & 15]!;
  return hex;
}
