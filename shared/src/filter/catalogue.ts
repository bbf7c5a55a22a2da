/** Every filter class, looked up by key, and the catalogue that autocompletion and docs read. */
import {
  DomainFilter,
  FlowFilter,
  HeaderFilter,
  MethodFilter,
  PathFilter,
  SourceFilter,
} from './request-filters.ts';
import {
  DurationFilter,
  HasErrorFilter,
  IsFilter,
  LargerThanFilter,
  MimeTypeFilter,
  StatusCodeFilter,
  StatusFilter,
} from './response-filters.ts';
import { RegexFilter, TextFilter } from './text-filters.ts';
import type { FilterClass, KeyedFilterClass } from './types.ts';

/** Filters written `key<op>value` or as a bare flag word, in catalogue order. */
export const KEYED_FILTERS: readonly KeyedFilterClass[] = [
  MethodFilter,
  StatusFilter,
  StatusCodeFilter,
  PathFilter,
  DomainFilter,
  HeaderFilter,
  SourceFilter,
  FlowFilter,
  LargerThanFilter,
  DurationFilter,
  MimeTypeFilter,
  HasErrorFilter,
  IsFilter,
];

// Maps, not object literals: a key typed by the user (`constructor:`, `__proto__:`) must not reach
// Object.prototype.
const BY_KEY = new Map(KEYED_FILTERS.filter((c) => c.operators.length > 0).map((c) => [c.key, c]));
const FLAGS = new Map(KEYED_FILTERS.filter((c) => c.operators.length === 0).map((c) => [c.key, c]));

/** The class for a lower-case key that takes an operator (`method`, `duration`), if any. */
export function filterForKey(key: string): KeyedFilterClass | undefined {
  return BY_KEY.get(key);
}

/** The class for a lower-case flag word (`has-error`), if any. */
export function filterForFlag(word: string): KeyedFilterClass | undefined {
  return FLAGS.get(word);
}

/** One entry of {@link FILTER_KEYS}. */
export interface FilterKeyInfo {
  /** Display name, e.g. `Method`. */
  name: string;
  /** What to type (`method`, `has-error`); `null` for free text and regex. */
  key: string | null;
  /** Text to insert when completing the key: `method:`, `duration>`, `has-error`; `''` for text and regex. */
  completion: string;
  /** Grammar, e.g. `method:METHOD`. */
  syntax: string;
  description: string;
  /** Example terms, each valid on its own. */
  examples: readonly string[];
  /** Fixed values to complete after the operator; empty when the value is free. */
  values: readonly string[];
}

function info(c: FilterClass): FilterKeyInfo {
  return {
    name: c.filterName,
    key: c.key,
    completion: c.key === null ? '' : c.key + (c.operators[0] ?? ''),
    syntax: c.syntax,
    description: c.description,
    examples: c.examples,
    values: c.values,
  };
}

/** Every term kind the language knows: keyed filters, flags, then free text and regex. */
export const FILTER_KEYS: readonly FilterKeyInfo[] = [...KEYED_FILTERS, TextFilter, RegexFilter].map(info);
