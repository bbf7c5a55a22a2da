import { compileHostGlob, type HostMatcher } from './host-glob.ts';
import { type NormalizedUrl, percentDecode, resolvePath } from './normalize-url.ts';
import {
  type DetectionRule,
  MAX_GLOB_LENGTH,
  MAX_REGEX_SUBJECT_LENGTH,
  MAX_RULE_PATTERN_LENGTH,
} from './rules.ts';

/** A rule compiled once into a predicate over a normalised URL. */
export interface CompiledRule {
  rule: DetectionRule;
  test(url: NormalizedUrl): boolean;
}

/** Result of compiling one rule; expected failures are data. */
export type CompileRuleResult = { ok: true; compiled: CompiledRule } | { ok: false; message: string };

const ALLOWED_FLAGS = /^[imsuv]*$/;

/** Compiles one (already shape-checked) rule; never throws. */
export function compileRule(rule: DetectionRule): CompileRuleResult {
  switch (rule.kind) {
    case 'host': {
      const host = compileHostGlob(rule.glob);
      if (!host.ok) return host;
      return { ok: true, compiled: { rule, test: (u) => host.matcher.matches(u.host, u.port) } };
    }
    case 'path-prefix':
      return compilePathPrefix(rule);
    case 'regex':
      return compileRegex(rule);
  }
}

function compilePathPrefix(rule: DetectionRule & { kind: 'path-prefix' }): CompileRuleResult {
  const raw = rule.prefix.trim();
  if (raw === '') return { ok: false, message: 'path prefix is empty' };
  if (!raw.startsWith('/')) return { ok: false, message: `path prefix "${raw}" must start with "/"` };
  if (raw.length > MAX_GLOB_LENGTH) {
    return { ok: false, message: `path prefix is longer than ${MAX_GLOB_LENGTH} characters` };
  }
  const prefix = resolvePath(percentDecode(raw)).toLowerCase();
  let host: HostMatcher | null = null;
  if (rule.host !== undefined) {
    const compiled = compileHostGlob(rule.host);
    if (!compiled.ok) return compiled;
    host = compiled.matcher;
  }
  const test = (u: NormalizedUrl): boolean =>
    (host === null || host.matches(u.host, u.port)) &&
    (pathHasPrefix(u.decodedPath, prefix) || pathHasPrefix(u.rawPath, prefix));
  return { ok: true, compiled: { rule, test } };
}

/** Segment-aware prefix test; both arguments already lower-case (see {@link PathPrefixRule}). */
export function pathHasPrefix(path: string, prefix: string): boolean {
  if (prefix.endsWith('/')) return path.startsWith(prefix) || path + '/' === prefix;
  return path === prefix || path.startsWith(prefix + '/');
}

function compileRegex(rule: DetectionRule & { kind: 'regex' }): CompileRuleResult {
  if (rule.pattern === '') return { ok: false, message: 'regex pattern is empty' };
  if (rule.pattern.length > MAX_RULE_PATTERN_LENGTH) {
    return { ok: false, message: `regex pattern is longer than ${MAX_RULE_PATTERN_LENGTH} characters` };
  }
  const flags = rule.flags ?? '';
  if (!ALLOWED_FLAGS.test(flags)) {
    return {
      ok: false,
      message: `regex flags "${flags}" not allowed (use i, m, s, u, v; g and y are stateful)`,
    };
  }
  let re: RegExp;
  try {
    re = new RegExp(rule.pattern, flags);
  } catch (e: unknown) {
    if (!(e instanceof SyntaxError)) throw e;
    return { ok: false, message: `invalid regex: ${e.message}` };
  }
  // Cap the subject: a user pattern with nested quantifiers must not stall the panel on a huge URL.
  const test = (u: NormalizedUrl): boolean =>
    re.test(u.href.slice(0, MAX_REGEX_SUBJECT_LENGTH)) ||
    (u.rawHref !== u.href && re.test(u.rawHref.slice(0, MAX_REGEX_SUBJECT_LENGTH)));
  return { ok: true, compiled: { rule, test } };
}
