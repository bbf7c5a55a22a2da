/** The Network-style filter language: `method:POST -status:2xx "Loan yet" /v1\/create$/`. */
export { FILTER_KEYS, type FilterKeyInfo, KEYED_FILTERS } from './catalogue.ts';
export { isErrorExchange, responseBodySize, urlParts } from './exchange-fields.ts';
export { COMPARATORS, OPERATORS, type Operator } from './operators.ts';
export { describeFilter, parseFilter } from './parse-filter.ts';
export { REGEX_RISKS, type RegexRiskReason } from './regex-guard.ts';
export {
  DomainFilter,
  FlowFilter,
  HeaderFilter,
  MethodFilter,
  PathFilter,
  SourceFilter,
} from './request-filters.ts';
export {
  DurationFilter,
  type ExchangeState,
  HasErrorFilter,
  IS_STATES,
  IsFilter,
  LargerThanFilter,
  MimeTypeFilter,
  StatusCodeFilter,
  StatusFilter,
} from './response-filters.ts';
export { buildSearchIndex, MAX_REGEX_INPUT_CHARS } from './search-index.ts';
export { MAX_REGEX_PATTERN_LENGTH, NegatedFilter, RegexFilter, TextFilter } from './text-filters.ts';
export type {
  BuildResult,
  Filter,
  FilterClass,
  FilterError,
  FilterPredicate,
  FilterTarget,
  KeyedFilterClass,
  ParsedFilter,
  TermInput,
} from './types.ts';
