/** Free-text, regex and negated terms. */
import { REGEX_RISKS, scanRegex, trimEdgeQuantifiers } from './regex-guard.ts';
import { MAX_REGEX_INPUT_CHARS, regexInput, searchIndexOf } from './search-index.ts';
import { type BuildResult, built, type Filter, FilterBase, type FilterTarget, failed } from './types.ts';

/** Case-insensitive substring over the search index (URL, method, status, error, bodies). */
export class TextFilter extends FilterBase {
  static readonly filterName = 'Text';
  static readonly key = null;
  static readonly syntax = 'TEXT or "quoted text"';
  static readonly description =
    'Case-insensitive substring of the URL, method, status, network error or either body. ' +
    'Quote text that contains spaces, starts with `-` or looks like a key (`\\"` inside quotes is a quote). ' +
    'Unknown `key:value` words are text too.';
  static readonly examples = [
    'applicationGUID',
    '"Loan yet to be authorized"',
    'https://alpha-api2.usbank.com',
  ];
  static readonly operators = [] as const;
  static readonly values = [] as const;

  override readonly usesSearchIndex = true;
  readonly needle: string;

  constructor(text: string, from: number, to: number) {
    super(from, to);
    this.needle = text.toLowerCase();
  }

  matches(target: FilterTarget): boolean {
    return searchIndexOf(target).includes(this.needle);
  }

  describe(): string {
    return `text contains ${JSON.stringify(this.needle)}`;
  }
}

/** Longest regex pattern accepted, in UTF-16 units; V8 compile time grows with it. Defaults to 1,000. */
export const MAX_REGEX_PATTERN_LENGTH = 1000;

/** Flags that mean nothing to a yes/no test (`g` and `y` would even make `test` stateful). */
const IGNORED_FLAGS = 'dgy';

/** A `/pattern/flags` regex over the first {@link MAX_REGEX_INPUT_CHARS} of the search index. */
export class RegexFilter extends FilterBase {
  static readonly filterName = 'Regex';
  static readonly key = null;
  static readonly syntax = '/PATTERN/FLAGS';
  static readonly description =
    'JavaScript regex over the same text as free text, always case-insensitive, against the first ' +
    `${MAX_REGEX_INPUT_CHARS} characters. No whitespace inside (use \\s). Nested quantifiers, ` +
    'repeated alternations, overlapping adjacent quantifiers and backreferences are refused because ' +
    'they can freeze the panel.';
  static readonly examples = ['/loan-(status|void)/', '/"loanStatus":"application_\\w+"/', '/v1\\/create$/'];
  static readonly operators = [] as const;
  static readonly values = [] as const;

  override readonly usesSearchIndex = true;
  readonly regex: RegExp;
  /** The literal as typed, for descriptions. */
  readonly source: string;

  private constructor(regex: RegExp, source: string, from: number, to: number) {
    super(from, to);
    this.regex = regex;
    this.source = source;
  }

  /**
   * Compiles a regex literal whose `/` sits at `from`. Syntax errors underline the literal; risky
   * constructs underline themselves.
   */
  static create(pattern: string, flags: string, from: number, to: number): BuildResult {
    if (pattern.length > MAX_REGEX_PATTERN_LENGTH) {
      return failed(`regex is longer than ${MAX_REGEX_PATTERN_LENGTH} characters`, from, to);
    }
    const kept = [...new Set(flags)].filter((f) => !IGNORED_FLAGS.includes(f));
    if (!kept.includes('i')) kept.push('i');
    const effective = kept.join('');
    const compiled = compile(pattern, effective);
    if (compiled instanceof SyntaxError) return failed(`invalid regex: ${reasonOf(compiled)}`, from, to);
    const scan = scanRegex(pattern, effective.includes('v'));
    if (scan.risk !== undefined) {
      return failed(REGEX_RISKS[scan.risk.reason], from + 1 + scan.risk.from, from + 1 + scan.risk.to);
    }
    const fast = compile(trimEdgeQuantifiers(pattern, scan), effective);
    const regex = fast instanceof SyntaxError ? compiled : fast;
    return built(new RegexFilter(regex, `/${pattern}/${flags}`, from, to));
  }

  matches(target: FilterTarget): boolean {
    return this.regex.test(regexInput(searchIndexOf(target)));
  }

  describe(): string {
    return `text matches ${this.source}`;
  }
}

function compile(pattern: string, flags: string): RegExp | SyntaxError {
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    if (e instanceof SyntaxError) return e;
    throw e;
  }
}

/** V8 says `Invalid regular expression: /(/i: Unterminated group`; keep the part after the pattern. */
function reasonOf(error: SyntaxError): string {
  const cut = error.message.lastIndexOf(': ');
  return (cut < 0 ? error.message : error.message.slice(cut + 2)).toLowerCase();
}

/** `-term`: the opposite of `term`, for every target (in-flight exchanges included). */
export class NegatedFilter implements Filter {
  readonly from: number;
  readonly to: number;
  readonly inner: Filter;

  constructor(inner: Filter, from: number, to: number) {
    this.inner = inner;
    this.from = from;
    this.to = to;
  }

  get usesSearchIndex(): boolean {
    return this.inner.usesSearchIndex;
  }

  matches(target: FilterTarget): boolean {
    return !this.inner.matches(target);
  }

  describe(): string {
    return `not (${this.inner.describe()})`;
  }
}
