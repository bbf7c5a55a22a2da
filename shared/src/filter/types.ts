/** Shapes shared by the filter parser, the filter classes and their callers. */
import type { Exchange } from '../model/exchange.ts';
import type { Operator } from './operators.ts';

/** What a filter predicate runs against: one exchange plus facts the caller already knows about it. */
export interface FilterTarget {
  exchange: Exchange;
  /** Id of the flow (journey) the exchange belongs to. `flow:` terms never match when absent. */
  flowId?: string;
  /**
   * {@link buildSearchIndex} of `exchange`, precomputed once per exchange (and rebuilt when the exchange
   * changes, e.g. when its response arrives). Defaults to being built on every predicate call, which is
   * correct but too slow for a 10,000-row list.
   */
  searchIndex?: string;
}

/** A problem in the filter text, with UTF-16 offsets into it for an inline underline (`to` exclusive). */
export interface FilterError {
  message: string;
  from: number;
  to: number;
}

/** One parsed term of a filter: all terms of a filter text are ANDed. */
export interface Filter {
  /** Offset of the term in the filter text, including a leading `-`. */
  readonly from: number;
  /** End offset (exclusive) of the term in the filter text. */
  readonly to: number;
  /** True when the filter reads {@link FilterTarget.searchIndex} (free text and regex terms). */
  readonly usesSearchIndex: boolean;
  /** Whether the target passes this term. Never throws. */
  matches(target: FilterTarget): boolean;
  /** One line for a help popover, e.g. `method is POST` or `not (status is 4xx)`. */
  describe(): string;
}

/** A compiled filter text: true when the exchange should stay in the list. Never throws. */
export type FilterPredicate = (target: FilterTarget) => boolean;

/**
 * The outcome of {@link parseFilter}. Both variants carry a predicate: with errors, it ANDs the terms
 * that did parse, so the list keeps filtering while the user is half-way through typing a term.
 */
export type ParsedFilter =
  | { ok: true; predicate: FilterPredicate; filters: readonly Filter[]; errors: readonly [] }
  | { ok: false; predicate: FilterPredicate; filters: readonly Filter[]; errors: readonly FilterError[] };

/** A `key<op>value` term as the parser hands it to a filter class. */
export interface TermInput {
  /** The operator between key and value. */
  op: Operator;
  /** The value with quotes removed and `\"` / `\\` escapes applied. Never empty. */
  value: string;
  /** Offsets of the raw value (quotes included) in the filter text. */
  valueFrom: number;
  valueTo: number;
  /** Offsets of the whole term in the filter text, without a leading `-`. */
  from: number;
  to: number;
}

/** What a filter class returns for a term: a filter, or an error to underline. */
export type BuildResult = { ok: true; filter: Filter } | { ok: false; error: FilterError };

/** The static side of every filter class: what the catalogue, help popover and autocompletion read. */
export interface FilterClass {
  /** Display name, e.g. `Method`. (Not `name`, which every class already has as `Function.name`.) */
  readonly filterName: string;
  /** What the user types before the operator (`method`), the whole word for flags (`has-error`), or `null`. */
  readonly key: string | null;
  /** Grammar, e.g. `method:VALUE`. */
  readonly syntax: string;
  /** One or two sentences for the help popover and docs. */
  readonly description: string;
  /** Example terms, each valid on its own. */
  readonly examples: readonly string[];
  /** Operators the key accepts; empty for flags, free text and regex. */
  readonly operators: readonly Operator[];
  /** Fixed values for autocompletion (e.g. exchange sources); empty when the value is free. */
  readonly values: readonly string[];
}

/** A filter class that can be built from a `key<op>value` term or a bare flag word. */
export interface KeyedFilterClass extends FilterClass {
  readonly key: string;
  create(input: TermInput): BuildResult;
}

/** Builds a successful {@link BuildResult}. */
export function built(filter: Filter): BuildResult {
  return { ok: true, filter };
}

/** Builds a failed {@link BuildResult} underlining `from`–`to`. */
export function failed(message: string, from: number, to: number): BuildResult {
  return { ok: false, error: { message, from, to } };
}

/** Base class for filters: keeps the term's position. */
export abstract class FilterBase implements Filter {
  readonly from: number;
  readonly to: number;
  readonly usesSearchIndex: boolean = false;

  constructor(from: number, to: number) {
    this.from = from;
    this.to = to;
  }

  abstract matches(target: FilterTarget): boolean;
  abstract describe(): string;
}
