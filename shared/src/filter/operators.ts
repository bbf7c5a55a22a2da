/** Operators that join a key to its value, and the numeric comparisons some keys accept. */

/** Every operator, longest first so `>=` is read before `>`. */
export const OPERATORS = ['>=', '<=', ':', '>', '<', '='] as const;

/** An operator between a key and its value: `method:POST`, `duration>500`, `status>=400`. */
export type Operator = (typeof OPERATORS)[number];

/** Numeric comparisons, keyed by operator. `:` and `=` mean equality. */
export const COMPARATORS = {
  ':': (a: number, b: number) => a === b,
  '=': (a: number, b: number) => a === b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
} as const satisfies Record<Operator, (a: number, b: number) => boolean>;

/** How each operator reads in a description (`duration ≥ 500 ms`). */
export const OPERATOR_WORDS = {
  ':': 'is',
  '=': '=',
  '>': '>',
  '>=': '≥',
  '<': '<',
  '<=': '≤',
} as const satisfies Record<keyof typeof COMPARATORS, string>;

/** The operator that starts at `text[index]`, if any. */
export function readOperator(text: string, index: number): Operator | undefined {
  return OPERATORS.find((op) => text.startsWith(op, index));
}
