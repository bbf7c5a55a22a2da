/**
 * Filter text → predicate. Terms are ANDed. Unknown `key:value` words are free text, as in DevTools
 * (URLs such as `https://…` would otherwise be errors); known keys with bad values are errors. With
 * errors, the predicate still ANDs the terms that parsed (see {@link ParsedFilter}).
 */
import { filterForFlag, filterForKey } from './catalogue.ts';
import { lex, type Term, type WordTerm } from './lexer.ts';
import { readOperator } from './operators.ts';
import { buildSearchIndex } from './search-index.ts';
import { NegatedFilter, RegexFilter, TextFilter } from './text-filters.ts';
import {
  type BuildResult,
  built,
  type Filter,
  type FilterError,
  type FilterPredicate,
  type FilterTarget,
  failed,
  type ParsedFilter,
} from './types.ts';

const KEY = /^[a-z][a-z0-9-]*/i;

/** Parses filter text. Never throws; an empty or blank text matches every exchange. */
export function parseFilter(text: string): ParsedFilter {
  const lexed = lex(text);
  const errors: FilterError[] = [...lexed.errors];
  const filters: Filter[] = [];
  for (const term of lexed.terms) {
    const result = buildTerm(term);
    if (!result.ok) errors.push(result.error);
    else filters.push(term.negated ? new NegatedFilter(result.filter, term.from, term.to) : result.filter);
  }
  const predicate = predicateOf(filters);
  if (errors.length === 0) return { ok: true, predicate, filters, errors: [] };
  errors.sort((a, b) => a.from - b.from);
  return { ok: false, predicate, filters, errors };
}

/** One line per term that parsed, for a help popover; `[]` for an empty filter. Never throws. */
export function describeFilter(text: string): string[] {
  return parseFilter(text).filters.map((f) => f.describe());
}

function buildTerm(term: Term): BuildResult {
  if (term.kind === 'regex') return RegexFilter.create(term.pattern, term.flags, term.bodyFrom, term.to);
  return buildKeyed(term) ?? built(new TextFilter(wordText(term), term.bodyFrom, term.to));
}

/** A keyed or flag term, or `undefined` when the word is free text. */
function buildKeyed(term: WordTerm): BuildResult | undefined {
  const first = term.segments[0];
  if (first === undefined || first.quoted) return undefined;
  const key = KEY.exec(first.text)?.[0];
  if (key === undefined) return undefined;
  const name = key.toLowerCase();
  if (key.length === first.text.length && term.segments.length === 1) {
    return filterForFlag(name)?.create({
      op: ':',
      value: name,
      valueFrom: term.to,
      valueTo: term.to,
      ...span(term),
    });
  }
  const op = readOperator(first.text, key.length);
  const filter = op === undefined ? undefined : filterForKey(name);
  if (op === undefined || filter === undefined) return undefined;
  const opFrom = first.from + key.length;
  if (!filter.operators.includes(op)) {
    return failed(`${name} does not take "${op}": write ${filter.syntax}`, opFrom, opFrom + op.length);
  }
  const valueFrom = opFrom + op.length;
  const value =
    first.text.slice(key.length + op.length) +
    term.segments
      .slice(1)
      .map((s) => s.text)
      .join('');
  if (value === '') {
    return failed(`${name}${op} needs a value, e.g. ${filter.examples[0]}`, term.bodyFrom, term.to);
  }
  return filter.create({ op, value, valueFrom, valueTo: term.to, ...span(term) });
}

function span(term: Term): { from: number; to: number } {
  return { from: term.bodyFrom, to: term.to };
}

function wordText(term: WordTerm): string {
  return term.segments.map((s) => s.text).join('');
}

function predicateOf(filters: readonly Filter[]): FilterPredicate {
  if (filters.length === 0) return () => true;
  const needsIndex = filters.some((f) => f.usesSearchIndex);
  return (target: FilterTarget) => {
    // Build a missing index once per call rather than once per text term.
    const t =
      needsIndex && target.searchIndex === undefined
        ? { ...target, searchIndex: buildSearchIndex(target.exchange) }
        : target;
    return filters.every((f) => f.matches(t));
  };
}
