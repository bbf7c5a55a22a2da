import { KeyRuleResolver } from './key-rules.ts';
import { TokenMinter } from './tokens.ts';
import type { MaskFinding, MaskKind, MaskOptions } from './types.ts';

/** A path segment printed verbatim (`header:authorization`, `query:email`, `text@12`). */
export class RawSegment {
  constructor(readonly raw: string) {}
}

/** One step of a finding path: an object key, an array index, or a verbatim segment. */
export type PathSegment = string | number | RawSegment;

const SIMPLE_KEY = /^[^.[\]\s"]+$/;
const MAX_KEY_TEXTS = 10_000;
// Printed form of each object key, so building a finding path costs no regex per segment.
const keyTexts = new Map<string, string>();

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    if (keyTexts.size >= MAX_KEY_TEXTS) keyTexts.clear();
    text = SIMPLE_KEY.test(key) ? key : `[${JSON.stringify(key)}]`;
    keyTexts.set(key, text);
  }
  return text;
}

/**
 * State shared by one masking call: resolved rules and minted tokens (both cached across calls),
 * plus the findings and current path of the call in progress. Paths are kept as a stack and only
 * turned into strings when something is found, so clean values cost no string building. A call that
 * does not record findings keeps no path at all: `push`/`pop` are no-ops and `report` only counts.
 */
export class MaskContext {
  readonly rules: KeyRuleResolver;
  readonly minter: TokenMinter;
  findings: MaskFinding[] = [];
  /** Count of values replaced so far in this call (recognised tokens report but don't count). */
  changes = 0;
  /**
   * Whether this call records findings. When false, walkers skip path bookkeeping (and the
   * allocation of path segments) entirely; check it before building a segment.
   */
  recording = true;
  readonly #path: PathSegment[] = [];
  // Printed prefixes of #path: #printed[i] is the path of the first i+1 segments, valid for i < #valid.
  // Sibling findings (every field of one invoice) share their parent's printed path.
  readonly #printed: string[] = [];
  #valid = 0;

  /** Throws a `TypeError` when `opts.salt` is empty: a programming error, caught at construction. */
  constructor(opts: MaskOptions) {
    this.minter = new TokenMinter(opts.salt);
    this.rules = new KeyRuleResolver(opts);
  }

  /** Starts a new call: clears findings, change count and path; `recording` as for the field. */
  begin(recording = true): void {
    this.recording = recording;
    this.findings = [];
    this.changes = 0;
    if (this.#path.length > 0) this.#path.length = 0;
    this.#valid = 0;
  }

  push(segment: PathSegment): void {
    if (this.recording) this.#path.push(segment);
  }

  pop(): void {
    if (!this.recording) return;
    this.#path.pop();
    if (this.#valid > this.#path.length) this.#valid = this.#path.length;
  }

  /** The current path, e.g. `consumer.billingAddress.street1`, `metadata[0].value`, `''` at the root. */
  path(): string {
    const path = this.#path;
    const printed = this.#printed;
    let i = this.#valid;
    let out = i === 0 ? '' : printed[i - 1]!;
    for (; i < path.length; i++) {
      const seg = path[i]!;
      if (typeof seg === 'number') out += `[${seg}]`;
      else {
        const text = typeof seg === 'string' ? keyText(seg) : seg.raw;
        out += out === '' || text.startsWith('[') ? text : `.${text}`;
      }
      printed[i] = out;
    }
    this.#valid = path.length;
    return out;
  }

  /** Records a finding of `kind` at the current path (or at `path` when given); counts a change. */
  report(kind: MaskKind, changed: boolean, path?: string): void {
    if (changed) this.changes++;
    if (this.recording) this.findings.push({ path: path ?? this.path(), kind });
  }
}
