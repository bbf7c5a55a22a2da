/**
 * Contract of the masking engine. Every function returns a masked copy (the input is never mutated,
 * unless the call passes `inPlace`) plus the findings, so the panel can badge masked fields.
 */

/** What kind of sensitive value was found. */
export type MaskKind =
  | 'secret'
  | 'token'
  | 'cookie'
  | 'capability-url'
  | 'ssn'
  | 'card'
  | 'cvv'
  | 'routing-number'
  | 'bank-account'
  | 'loan-account'
  | 'dob'
  | 'email'
  | 'phone'
  | 'address'
  | 'postal-code'
  | 'name'
  | 'income'
  | 'ip'
  | 'government-id'
  | 'device'
  /** A key listed in `MaskOptions.extraKeys` whose name implies no other kind. */
  | 'custom'
  /** A subtree too deep to scan (see `MAX_MASK_DEPTH`), replaced wholesale. */
  | 'unscanned';

/** One masked value. */
export interface MaskFinding {
  /**
   * Where it was: a JSON pointer-like path for JSON (`consumer.email`, `metadata[0].value`),
   * `header:authorization`, `query:email`, `path[3]`, or `text@12` (offset) for free text.
   */
  path: string;
  kind: MaskKind;
}

/** Masking options. */
export interface MaskOptions {
  /**
   * Per-session secret salt for deterministic tokens: the same value masks to the same token
   * within a session and cannot be reversed without the salt. Required; generate one per session.
   */
  salt: string;
  /** Extra key names to treat as PII (matched case-insensitively, `-`/`_` ignored). Defaults to none. */
  extraKeys?: readonly string[];
  /** Key names never to mask (same matching). Defaults to none. */
  allowKeys?: readonly string[];
}

/** Per-call options (the session's {@link MaskOptions} stay the same across calls). */
export interface MaskCallOptions {
  /**
   * Record findings (defaults to true). Pass `false` when only the masked value is used (broadcast,
   * export, snippets): no finding objects and no path strings are built, and `findings` is empty.
   * The masked value is the same either way.
   */
  findings?: boolean;
  /**
   * The caller hands over a freshly parsed JSON tree it will not use again: it is masked in place
   * (and returned) instead of copied level by level. Defaults to false. Only plain JSON trees (no
   * shared subtrees, no frozen objects). Bodies held as JSON text are always masked in place, since
   * the masker parses them itself.
   */
  inPlace?: boolean;
}

/** A masked copy plus what was masked. */
export interface MaskResult<T> {
  value: T;
  findings: MaskFinding[];
}
