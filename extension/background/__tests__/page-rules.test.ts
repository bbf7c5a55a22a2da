import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_RULES, isAvvanceCall } from '../../../shared/src/detect/index.ts';
import { MAX_PAGE_RULES_CHARS, pageDetectionRules } from '../page-rules.ts';

const OURS = 'http://127.0.0.1:8788/payments/avvance/start';

describe('pageDetectionRules', () => {
  it('adds valid extra rules to the built-in ones', () => {
    const rules = pageDetectionRules(
      JSON.stringify([{ kind: 'path-prefix', prefix: '/payments/avvance/', label: 'Our backend' }]),
    );
    expect(rules.length).toBe(DEFAULT_DETECTION_RULES.length + 1);
    expect(isAvvanceCall(OURS, rules)).toBe(true);
    expect(isAvvanceCall('http://127.0.0.1:8788/api/avvance/checkout', rules)).toBe(true);
  });

  it('keeps the built-in rules for anything malformed, invalid, empty or oversized', () => {
    const huge = JSON.stringify([{ kind: 'host', glob: 'x'.repeat(MAX_PAGE_RULES_CHARS), label: 'x' }]);
    for (const detail of [
      undefined,
      42,
      '{',
      '{}',
      '[]',
      JSON.stringify([{ kind: 'regex', pattern: '(', label: 'broken' }]),
      JSON.stringify([{ kind: 'nope' }]),
      huge,
    ]) {
      const rules = pageDetectionRules(detail);
      expect(rules, String(detail).slice(0, 40)).toBe(DEFAULT_DETECTION_RULES);
      expect(isAvvanceCall(OURS, rules)).toBe(false);
    }
  });
});
