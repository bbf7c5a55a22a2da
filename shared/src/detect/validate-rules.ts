import { compileRule } from './compile-rule.ts';
import { type DetectionRule, MAX_DETECTION_RULES, MAX_LABEL_LENGTH } from './rules.ts';

/** One problem in a rule list; `index` is the rule's position, `-1` for the list itself. */
export interface DetectionRuleError {
  index: number;
  message: string;
}

/** Outcome of {@link validateDetectionRules}. */
export type DetectionRulesValidation =
  | { ok: true; rules: DetectionRule[] }
  | { ok: false; errors: DetectionRuleError[] };

/**
 * Checks untrusted input (options page, storage) and returns clean rule copies holding only known fields,
 * or every problem found (invalid regex, empty glob, unknown kind…). Never throws.
 */
export function validateDetectionRules(input: unknown): DetectionRulesValidation {
  if (!Array.isArray(input)) return { ok: false, errors: [{ index: -1, message: 'rules must be an array' }] };
  if (input.length > MAX_DETECTION_RULES) {
    return {
      ok: false,
      errors: [{ index: -1, message: `at most ${MAX_DETECTION_RULES} rules are allowed` }],
    };
  }
  const rules: DetectionRule[] = [];
  const errors: DetectionRuleError[] = [];
  input.forEach((item: unknown, index) => {
    const shaped = shapeRule(item);
    if (typeof shaped === 'string') {
      errors.push({ index, message: shaped });
      return;
    }
    const compiled = compileRule(shaped);
    if (!compiled.ok) errors.push({ index, message: compiled.message });
    else rules.push(shaped);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rules };
}

/** Returns a clean rule or an error message. */
function shapeRule(item: unknown): DetectionRule | string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return 'rule must be an object';
  const r = item as Record<string, unknown>;
  const common: { enabled?: boolean; label?: string } = {};
  if (r['enabled'] !== undefined) {
    if (typeof r['enabled'] !== 'boolean') return '"enabled" must be a boolean';
    common.enabled = r['enabled'];
  }
  if (r['label'] !== undefined) {
    if (typeof r['label'] !== 'string') return '"label" must be a string';
    if (r['label'].length > MAX_LABEL_LENGTH) return `"label" is longer than ${MAX_LABEL_LENGTH} characters`;
    common.label = r['label'];
  }
  switch (r['kind']) {
    case 'host':
      if (typeof r['glob'] !== 'string') return 'host rule needs a "glob" string';
      return { kind: 'host', glob: r['glob'], ...common };
    case 'path-prefix': {
      if (typeof r['prefix'] !== 'string') return 'path-prefix rule needs a "prefix" string';
      if (r['host'] !== undefined && typeof r['host'] !== 'string') return '"host" must be a string';
      const rule: DetectionRule = { kind: 'path-prefix', prefix: r['prefix'], ...common };
      if (typeof r['host'] === 'string') rule.host = r['host'];
      return rule;
    }
    case 'regex': {
      if (typeof r['pattern'] !== 'string') return 'regex rule needs a "pattern" string';
      if (r['flags'] !== undefined && typeof r['flags'] !== 'string') return '"flags" must be a string';
      const rule: DetectionRule = { kind: 'regex', pattern: r['pattern'], ...common };
      if (typeof r['flags'] === 'string') rule.flags = r['flags'];
      return rule;
    }
    default:
      return `unknown rule kind ${describe(r['kind'])} (expected host, path-prefix or regex)`;
  }
}

function describe(v: unknown): string {
  // JSON.stringify would throw on a BigInt, and this function must never throw.
  return typeof v === 'string' ? JSON.stringify(v) : typeof v;
}
