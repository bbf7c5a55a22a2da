/**
 * Filters on the outcome: status, size, errors, duration, MIME type. None of them matches an exchange
 * that is still in flight (no response yet), except `is:pending`.
 */
import type { Exchange } from '../model/exchange.ts';
import { headerValue, isErrorExchange, responseBodySize } from './exchange-fields.ts';
import { COMPARATORS, OPERATOR_WORDS, type Operator } from './operators.ts';
import { type BuildResult, built, FilterBase, type FilterTarget, failed, type TermInput } from './types.ts';

/** Every comparison operator, for keys that compare numbers. */
const COMPARISONS = ['>=', '<=', '>', '<', '='] as const satisfies readonly Operator[];

/** `status:4xx`, `status:404`, `status:0`, `status>=500`: the HTTP status, with `x` as a digit wildcard. */
export class StatusFilter extends FilterBase {
  static readonly filterName = 'Status';
  static readonly key = 'status';
  static readonly syntax = 'status:CODE, status:4xx, status>=CODE';
  static readonly description =
    'HTTP status of the response. `x` matches any digit (`4xx`, `40x`); `status:0` finds network errors; ' +
    '`>`, `>=`, `<`, `<=`, `=` compare.';
  static readonly examples = ['status:4xx', 'status:404', 'status>=500', '-status:2xx'];
  static readonly operators = [':', ...COMPARISONS] as const;
  static readonly values = ['2xx', '3xx', '4xx', '5xx', '0'] as const;

  /** A 1–3 character pattern with `x` wildcards, or `undefined` when comparing. */
  readonly pattern: string | undefined;
  readonly op: Operator;
  readonly code: number;

  constructor(pattern: string | undefined, op: Operator, code: number, from: number, to: number) {
    super(from, to);
    this.pattern = pattern?.toLowerCase();
    this.op = op;
    this.code = code;
  }

  static create(input: TermInput): BuildResult {
    if (input.op === ':') {
      if (/^(?:0|[1-9][0-9x]{2})$/i.test(input.value)) {
        return built(new StatusFilter(input.value, ':', Number.NaN, input.from, input.to));
      }
    } else if (/^\d{1,3}$/.test(input.value)) {
      return built(new StatusFilter(undefined, input.op, Number(input.value), input.from, input.to));
    }
    const expected = input.op === ':' ? 'a code like 404 or a class like 4xx' : 'a number like 400';
    return failed(`status${input.op} expects ${expected}`, input.valueFrom, input.valueTo);
  }

  matches({ exchange }: FilterTarget): boolean {
    const status = exchange.response?.status;
    if (typeof status !== 'number') return false;
    if (this.pattern === undefined) return COMPARATORS[this.op](status, this.code);
    const text = String(status);
    if (text.length !== this.pattern.length) return false;
    return [...this.pattern].every((ch, i) => ch === 'x' || ch === text[i]);
  }

  describe(): string {
    return this.pattern === undefined
      ? `status ${OPERATOR_WORDS[this.op]} ${this.code}`
      : `status is ${this.pattern}`;
  }
}

/** `status-code:422`: the exact HTTP status. */
export class StatusCodeFilter extends FilterBase {
  static readonly filterName = 'Status code';
  static readonly key = 'status-code';
  static readonly syntax = 'status-code:CODE';
  static readonly description =
    'Exact HTTP status of the response (DevTools spelling); use `status:` for classes.';
  static readonly examples = ['status-code:422', 'status-code:201'];
  static readonly operators = [':', '='] as const;
  static readonly values = [] as const;

  readonly code: number;

  constructor(code: number, from: number, to: number) {
    super(from, to);
    this.code = code;
  }

  static create(input: TermInput): BuildResult {
    if (!/^\d{1,3}$/.test(input.value)) {
      const hint = /x/i.test(input.value) ? '; use status:4xx for a class' : '';
      return failed(`status-code expects a code like 422${hint}`, input.valueFrom, input.valueTo);
    }
    return built(new StatusCodeFilter(Number(input.value), input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    return exchange.response?.status === this.code;
  }

  describe(): string {
    return `status is ${this.code}`;
  }
}

/** Size units, keyed by their lower-case suffix; `k` and `m` are binary like DevTools'. */
export const SIZE_UNITS = { '': 1, b: 1, k: 1024, m: 1024 * 1024 } as const;

/** `larger-than:10k`: the response body is strictly larger than a size. */
export class LargerThanFilter extends FilterBase {
  static readonly filterName = 'Larger than';
  static readonly key = 'larger-than';
  static readonly syntax = 'larger-than:SIZE';
  static readonly description =
    'Response body larger than SIZE bytes; units `b`, `k` (1024) and `m` (1024²), any case, decimals ' +
    'allowed. A dropped body counts by its `content-length`.';
  static readonly examples = ['larger-than:10k', 'larger-than:1.5M', 'larger-than:500'];
  static readonly operators = [':'] as const;
  static readonly values = [] as const;

  readonly bytes: number;

  constructor(bytes: number, from: number, to: number) {
    super(from, to);
    this.bytes = bytes;
  }

  static create(input: TermInput): BuildResult {
    const m = /^(\d+(?:\.\d+)?|\.\d+)([bkm]?)$/i.exec(input.value);
    if (m === null) {
      return failed('larger-than expects a size like 10k, 1.5M or 500b', input.valueFrom, input.valueTo);
    }
    const unit = m[2]!.toLowerCase() as keyof typeof SIZE_UNITS;
    return built(new LargerThanFilter(Number(m[1]) * SIZE_UNITS[unit], input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    const size = responseBodySize(exchange);
    return size !== undefined && size > this.bytes;
  }

  describe(): string {
    return `response body larger than ${this.bytes} bytes`;
  }
}

/** The states `is:` knows, keyed by value. */
export const IS_STATES = {
  error: { describe: 'has an error (network error or status ≥ 400)', test: isErrorExchange },
  pending: { describe: 'is in flight (no response yet)', test: (e: Exchange) => e.response === undefined },
} as const satisfies Record<string, { describe: string; test: (e: Exchange) => boolean }>;

/** A state name from {@link IS_STATES}. */
export type ExchangeState = keyof typeof IS_STATES;

/** `is:error`, `is:pending`. */
export class IsFilter extends FilterBase {
  static readonly filterName = 'Is';
  static readonly key = 'is';
  static readonly syntax = 'is:error|pending';
  static readonly description =
    '`is:error`: a network error or status ≥ 400 (same as `has-error`). `is:pending`: no response yet.';
  static readonly examples = ['is:error', 'is:pending', '-is:error'];
  static readonly operators = [':'] as const;
  static readonly values = Object.keys(IS_STATES) as ExchangeState[];

  readonly state: ExchangeState;

  constructor(state: ExchangeState, from: number, to: number) {
    super(from, to);
    this.state = state;
  }

  static create(input: TermInput): BuildResult {
    const state = IsFilter.values.find((s) => s === input.value.toLowerCase());
    if (state === undefined) {
      return failed(`is must be one of ${IsFilter.values.join(', ')}`, input.valueFrom, input.valueTo);
    }
    return built(new IsFilter(state, input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    return IS_STATES[this.state].test(exchange);
  }

  describe(): string {
    return IS_STATES[this.state].describe;
  }
}

/** `has-error`: a flag (no value), the same test as `is:error`. */
export class HasErrorFilter extends FilterBase {
  static readonly filterName = 'Has error';
  static readonly key = 'has-error';
  static readonly syntax = 'has-error';
  static readonly description =
    'A network error (status 0 or an error message) or a status of 400 and above.';
  static readonly examples = ['has-error', '-has-error'];
  static readonly operators = [] as const;
  static readonly values = [] as const;

  static create(input: TermInput): BuildResult {
    return built(new HasErrorFilter(input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    return isErrorExchange(exchange);
  }

  describe(): string {
    return IS_STATES.error.describe;
  }
}

/** Duration units, keyed by suffix, in milliseconds. */
export const DURATION_UNITS = { '': 1, ms: 1, s: 1000 } as const;

/** `duration>500`: total response time in milliseconds, compared. */
export class DurationFilter extends FilterBase {
  static readonly filterName = 'Duration';
  static readonly key = 'duration';
  static readonly syntax = 'duration>MS (also >=, <, <=, =)';
  static readonly description =
    'Total time from request start to response end, in milliseconds unless suffixed `ms` or `s`.';
  static readonly examples = ['duration>500', 'duration<100', 'duration>=1.5s'];
  static readonly operators = COMPARISONS;
  static readonly values = [] as const;

  readonly op: Operator;
  readonly ms: number;

  constructor(op: Operator, ms: number, from: number, to: number) {
    super(from, to);
    this.op = op;
    this.ms = ms;
  }

  static create(input: TermInput): BuildResult {
    const m = /^(\d+(?:\.\d+)?|\.\d+)(ms|s)?$/i.exec(input.value);
    if (m === null) {
      return failed(`duration${input.op} expects milliseconds like 500`, input.valueFrom, input.valueTo);
    }
    const unit = (m[2] ?? '').toLowerCase() as keyof typeof DURATION_UNITS;
    return built(new DurationFilter(input.op, Number(m[1]) * DURATION_UNITS[unit], input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    const duration = exchange.response?.duration;
    return typeof duration === 'number' && COMPARATORS[this.op](duration, this.ms);
  }

  describe(): string {
    return `duration ${OPERATOR_WORDS[this.op]} ${this.ms} ms`;
  }
}

/** `mime-type:json`: the response `content-type` contains the value. */
export class MimeTypeFilter extends FilterBase {
  static readonly filterName = 'MIME type';
  static readonly key = 'mime-type';
  static readonly syntax = 'mime-type:TYPE';
  static readonly description = 'The response `content-type` contains TYPE, case-insensitive.';
  static readonly examples = ['mime-type:json', 'mime-type:text/html'];
  static readonly operators = [':'] as const;
  static readonly values = ['json', 'html', 'text/plain', 'javascript'] as const;

  readonly needle: string;

  constructor(needle: string, from: number, to: number) {
    super(from, to);
    this.needle = needle.toLowerCase();
  }

  static create(input: TermInput): BuildResult {
    return built(new MimeTypeFilter(input.value, input.from, input.to));
  }

  matches({ exchange }: FilterTarget): boolean {
    const type = headerValue(exchange.response?.headers, 'content-type');
    return type?.toLowerCase().includes(this.needle) === true;
  }

  describe(): string {
    return `response MIME type contains ${JSON.stringify(this.needle)}`;
  }
}
