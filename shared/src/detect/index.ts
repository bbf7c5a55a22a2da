export { type CompiledRule, type CompileRuleResult, compileRule, pathHasPrefix } from './compile-rule.ts';
export { type DetectionMatch, isAvvanceCall, matchAvvanceCall } from './detect.ts';
export { compileHostGlob, type HostGlobResult, type HostMatcher, normalizeHost } from './host-glob.ts';
export { MAX_URL_LENGTH, type NormalizedUrl, normalizeUrl } from './normalize-url.ts';
export {
  DEFAULT_DETECTION_RULES,
  type DetectionRule,
  type DetectionRuleCommon,
  type DetectionRules,
  type HostRule,
  MAX_DETECTION_RULES,
  MAX_GLOB_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_REGEX_SUBJECT_LENGTH,
  MAX_RULE_PATTERN_LENGTH,
  type PathPrefixRule,
  type RegexRule,
} from './rules.ts';
export {
  type DetectionRuleError,
  type DetectionRulesValidation,
  validateDetectionRules,
} from './validate-rules.ts';
