import { CONTEXT_RULES, EXACT_RULES, HEADER_RULES, type KeyRule, piiRule, RULES } from './key-table.ts';
import type { MaskOptions } from './types.ts';

export type { KeyAction, KeyRule } from './key-table.ts';

/** Most distinct keys remembered per resolver before the cache is reset. Defaults to 10_000. */
export const MAX_KEY_CACHE = 10_000;

const NEEDS_NORMALISING = /[A-Z\-_\s]/;
const STRIP = /[-_\s]/g;

/**
 * Normalises a key for matching: lower-case, with `-`, `_` and whitespace removed, so `IPAddress`,
 * `ip_address` and `X-Client-IP`/`xclientip` compare equal.
 */
export function normaliseKey(key: string): string {
  return NEEDS_NORMALISING.test(key) ? key.toLowerCase().replace(STRIP, '') : key;
}

const CITY = /^(?:customer|consumer|billing|shipping|home|mailing|residential|applicant|employer)?city$/;

/** Name-based guesses for keys not in the catalogue, most specific first. */
function heuristicRule(k: string): KeyRule | undefined {
  if (k.includes('signature') || /(?:password|passwd|secret|apikey|privatekey|credentials?)$/.test(k)) {
    return RULES.secret;
  }
  if (k.endsWith('token')) return RULES.token;
  if (k.includes('onboardingurl')) return RULES.capability;
  if (k.includes('email')) return piiRule('email');
  if (k.includes('phone')) return piiRule('phone');
  if (k.endsWith('ipaddress') || k.endsWith('clientip')) return piiRule('ip');
  if (/(?:first|last|middle|full|given|family|user|maiden|holder)name$/.test(k)) return piiRule('name');
  if (k.endsWith('ssn') || k.includes('socialsecurity')) return piiRule('ssn');
  if (k.includes('dateofbirth') || k.includes('birthdate') || k.endsWith('dob')) return piiRule('dob');
  if (k.includes('income') || k.includes('salary')) return piiRule('income');
  if (k.includes('routingnumber')) return piiRule('routing-number');
  if (k.includes('cardnumber')) return piiRule('card');
  if (k.includes('loanaccountnumber')) return piiRule('loan-account');
  if (k.includes('accountnumber')) return piiRule('bank-account');
  if (k.endsWith('cvv') || k.endsWith('cvc')) return RULES.cvv;
  if (k.includes('license') || k.includes('passport')) return piiRule('government-id');
  if (k.includes('fingerprint') || k === 'macaddress') return piiRule('device');
  if (k.includes('street') || k.startsWith('addressline') || k.endsWith('address') || CITY.test(k)) {
    return piiRule('address');
  }
  if (k.endsWith('postalcode') || k.endsWith('zipcode')) return piiRule('postal-code');
  if (/(?:url|uri|link|href)$/.test(k)) return RULES.url;
  return undefined;
}

interface KeyEntry {
  readonly norm: string;
  readonly rule: KeyRule | undefined;
  readonly context: ReadonlyMap<string, KeyRule> | undefined;
}

/**
 * Decides what a key's value is, with a per-instance cache so each distinct key is normalised and
 * classified once. Order: `allowKeys`, then parent-aware rules (`identityDocument.number`), then the
 * catalogue, then name heuristics; `extraKeys` turn a key into PII when nothing stronger applies.
 */
export class KeyRuleResolver {
  readonly #cache = new Map<string, KeyEntry>();
  readonly #headerCache = new Map<string, KeyRule | undefined>();
  readonly #allow: ReadonlySet<string>;
  readonly #extra: ReadonlySet<string>;

  /** `opts.allowKeys` and `opts.extraKeys` are matched after {@link normaliseKey}. */
  constructor(opts: Pick<MaskOptions, 'allowKeys' | 'extraKeys'> = {}) {
    this.#allow = new Set((opts.allowKeys ?? []).map(normaliseKey));
    this.#extra = new Set((opts.extraKeys ?? []).map(normaliseKey));
  }

  /** The cached entry for a raw key: its normalised form and parent-independent rule. */
  entry(key: string): KeyEntry {
    let e = this.#cache.get(key);
    if (e === undefined) {
      if (this.#cache.size >= MAX_KEY_CACHE) this.#cache.clear();
      e = this.#classify(key);
      this.#cache.set(key, e);
    }
    return e;
  }

  /** The rule for `key` under a parent whose normalised key is `parentNorm` (`''` at the root). */
  resolve(key: string, parentNorm: string): KeyRule | undefined {
    const e = this.entry(key);
    return e.context?.get(parentNorm) ?? e.rule;
  }

  /** The rule for an HTTP header name (header-only overrides first, e.g. `User-Agent` is kept). */
  resolveHeader(name: string): KeyRule | undefined {
    if (this.#headerCache.has(name)) return this.#headerCache.get(name);
    const norm = normaliseKey(name);
    const rule =
      this.#allow.has(norm) || this.#extra.has(norm)
        ? this.entry(name).rule
        : (HEADER_RULES.get(norm) ?? this.entry(name).rule);
    if (this.#headerCache.size >= MAX_KEY_CACHE) this.#headerCache.clear();
    this.#headerCache.set(name, rule);
    return rule;
  }

  #classify(key: string): KeyEntry {
    const norm = normaliseKey(key);
    if (this.#allow.has(norm)) return { norm, rule: RULES.allow, context: undefined };
    const found = EXACT_RULES.get(norm) ?? heuristicRule(norm);
    if (this.#extra.has(norm)) {
      const strong = found !== undefined && found.action !== 'safe' && found.action !== 'url';
      return { norm, rule: strong ? found : RULES.custom, context: undefined };
    }
    return { norm, rule: found, context: CONTEXT_RULES.get(norm) };
  }
}
