import { describe, expect, it } from 'vitest';
import { COMPARATORS, OPERATOR_WORDS, OPERATORS, readOperator } from './operators.ts';

describe('operators', () => {
  it('reads the longest operator first', () => {
    expect(readOperator('duration>=5', 8)).toBe('>=');
    expect(readOperator('duration>5', 8)).toBe('>');
    expect(readOperator('a<=b', 1)).toBe('<=');
    expect(readOperator('status:4xx', 6)).toBe(':');
    expect(readOperator('status', 6)).toBeUndefined();
  });

  it('has a comparison and a word for every operator', () => {
    for (const op of OPERATORS) {
      expect(typeof COMPARATORS[op]).toBe('function');
      expect(OPERATOR_WORDS[op]).not.toBe('');
    }
    expect([COMPARATORS['>'](2, 1), COMPARATORS['<='](2, 2), COMPARATORS[':'](1, 2)]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
