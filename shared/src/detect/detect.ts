import { type CompiledRule, compileRule } from './compile-rule.ts';
import { normalizeUrl } from './normalize-url.ts';
import { DEFAULT_DETECTION_RULES, type DetectionRule, type DetectionRules } from './rules.ts';

/** Which rule matched a URL. */
export interface DetectionMatch {
  rule: DetectionRule;
  /** Position of the rule in the list it came from. */
  index: number;
}

interface CompiledEntry {
  compiled: CompiledRule;
  index: number;
}

// Rule lists are immutable by contract, so each list is compiled once and reused for every URL.
const cache = new WeakMap<DetectionRules, CompiledEntry[]>();

function compiledFor(rules: DetectionRules): CompiledEntry[] {
  let entries = cache.get(rules);
  if (entries === undefined) {
    entries = [];
    for (const [index, rule] of rules.entries()) {
      if (rule.enabled === false) continue;
      const result = compileRule(rule);
      // Invalid rules are skipped here; validateDetectionRules reports them to whoever edits the list.
      if (result.ok) entries.push({ compiled: result.compiled, index });
    }
    cache.set(rules, entries);
  }
  return entries;
}

/**
 * Returns the first enabled rule matching `url`, or `null` (also for relative, malformed and
 * non-http(s) URLs). Never throws. `rules` defaults to {@link DEFAULT_DETECTION_RULES}; pass a new array
 * after editing rules (lists are compiled once and cached by identity).
 */
export function matchAvvanceCall(
  url: string,
  rules: DetectionRules = DEFAULT_DETECTION_RULES,
): DetectionMatch | null {
  const normalized = normalizeUrl(url);
  if (normalized === null) return null;
  for (const { compiled, index } of compiledFor(rules)) {
    if (compiled.test(normalized)) return { rule: compiled.rule, index };
  }
  return null;
}

/** True when `url` is an Avvance call under `rules` (defaults to {@link DEFAULT_DETECTION_RULES}). */
export function isAvvanceCall(url: string, rules: DetectionRules = DEFAULT_DETECTION_RULES): boolean {
  return matchAvvanceCall(url, rules) !== null;
}
