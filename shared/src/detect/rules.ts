/**
 * Detection rules: which URLs the Workbench treats as Avvance calls. Rules are data so the options
 * page can edit them; {@link validateDetectionRules} turns untrusted input into rules.
 */

/** Fields every rule may carry. */
export interface DetectionRuleCommon {
  /** A disabled rule never matches. Defaults to `true`. */
  enabled?: boolean;
  /** Shown in the UI next to a matched call (e.g. `Avvance UAT API`). Defaults to none. */
  label?: string;
}

/**
 * Matches every URL whose host matches `glob`.
 *
 * Glob syntax (case-insensitive, no port unless given):
 * - a leading `*.` label matches **one or more** labels: `*.usbank.com` matches `a.usbank.com` and
 *   `a.b.usbank.com`, but neither `usbank.com` nor `usbank.com.evil.com`;
 * - any other `*` matches a run of characters inside **one** label: `*onboarding.usbank.com` matches
 *   `uat01-onboarding.usbank.com` and `onboarding.usbank.com`;
 * - a lone `*` matches every host;
 * - an optional `:port` (or `:*`) suffix restricts the port; IPv6 literals are written in brackets (`[::1]`).
 */
export interface HostRule extends DetectionRuleCommon {
  kind: 'host';
  glob: string;
}

/**
 * Matches URLs whose path starts with `prefix`, segment-aware and case-insensitive, optionally only on
 * hosts matching `host` (same glob syntax as {@link HostRule}).
 *
 * A prefix ending in `/` matches that folder and everything below it (`/poslp/services/` matches
 * `/poslp/services` and `/poslp/services/x`); a prefix without a trailing `/` matches that exact path and
 * everything below it (`/v1/replay` matches `/v1/replay` and `/v1/replay/x`, not `/v1/replayer`).
 * The path is matched after percent-decoding (`%2F` → `/`), dot-segment removal and slash collapsing, so an
 * encoded path is shown like the path a lenient server would route.
 */
export interface PathPrefixRule extends DetectionRuleCommon {
  kind: 'path-prefix';
  prefix: string;
  /** Host glob; defaults to every host. */
  host?: string;
}

/**
 * Matches URLs whose normalised absolute form (lower-case host, decoded path) matches `pattern`.
 * Patterns are limited to {@link MAX_RULE_PATTERN_LENGTH} characters; flags `g` and `y` are refused
 * (they make `test()` stateful).
 */
export interface RegexRule extends DetectionRuleCommon {
  kind: 'regex';
  pattern: string;
  /** Any of `i`, `m`, `s`, `u`, `v`. Defaults to none. */
  flags?: string;
}

/** One detection rule. */
export type DetectionRule = HostRule | PathPrefixRule | RegexRule;

/** An ordered rule list; the first enabled rule that matches wins. Treated as immutable. */
export type DetectionRules = readonly DetectionRule[];

/** Longest regex pattern accepted, in characters. */
export const MAX_RULE_PATTERN_LENGTH = 500;
/** Longest host glob or path prefix accepted, in characters. */
export const MAX_GLOB_LENGTH = 255;
/** Longest label accepted, in characters. */
export const MAX_LABEL_LENGTH = 100;
/** Most rules accepted in one list. */
export const MAX_DETECTION_RULES = 200;
/** URLs longer than this are only tested by their first this-many characters in regex rules. */
export const MAX_REGEX_SUBJECT_LENGTH = 4096;

/** Real Avvance / U.S. Bank API hosts (AVVANCE_API.md §1.1): UAT, production, and the token-sample host. */
const API_HOSTS = [
  ['alpha-api2.usbank.com', 'Avvance UAT'],
  ['api2.usbank.com', 'Avvance production'],
  ['alpha-api.usbank.com', 'Avvance UAT (auth)'],
] as const;

/**
 * The rules used when the user has not configured any: real Avvance hosts first (so matches carry a
 * precise label), then the paths any host may serve (the embedded sandbox on 127.0.0.1, the relay, the
 * merchant's own routes).
 */
export const DEFAULT_DETECTION_RULES: DetectionRules = Object.freeze([
  ...API_HOSTS.flatMap(([host, name]): DetectionRule[] => [
    { kind: 'path-prefix', host, prefix: '/auth/oauth2/v1/token', label: `${name} token` },
    { kind: 'path-prefix', host, prefix: '/poslp/services/', label: `${name} API` },
  ]),
  {
    kind: 'path-prefix',
    host: 'uat01-onboarding.usbank.com',
    prefix: '/usl/avvance-installment-loans',
    label: 'Hosted consumer application (UAT)',
  },
  {
    kind: 'path-prefix',
    host: 'it01-onboarding.elavon.com',
    prefix: '/merchantenrollUI',
    label: 'Hosted merchant enrolment',
  },
  {
    kind: 'path-prefix',
    host: 'it01-onboarding.elavon.com',
    prefix: '/modifyproductUI',
    label: 'Hosted product management',
  },
  {
    kind: 'path-prefix',
    host: 'it1.avvance.com',
    prefix: '/flexible-financing.html',
    label: 'Pre-approval page',
  },
  { kind: 'path-prefix', prefix: '/poslp/services/', label: 'Avvance API (any host)' },
  { kind: 'path-prefix', prefix: '/auth/oauth2/v1/token', label: 'Avvance token (any host)' },
  { kind: 'path-prefix', prefix: '/v1/proxy/', label: 'Relay pass-through' },
  { kind: 'path-prefix', prefix: '/v1/replay', label: 'Relay replay' },
  { kind: 'path-prefix', prefix: '/usl/avvance-installment-loans', label: 'Sandbox hosted application' },
  { kind: 'path-prefix', prefix: '/sandbox/v1/', label: 'Sandbox control plane' },
  { kind: 'path-prefix', prefix: '/api/avvance/', label: 'Merchant Avvance route' },
]);
