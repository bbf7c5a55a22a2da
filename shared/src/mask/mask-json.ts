import type { KeyRule } from './key-rules.ts';
import { RULES } from './key-table.ts';
import type { MaskContext } from './mask-context.ts';
import { maskUrlIn } from './mask-url.ts';
import { maskFreeText, maskNumberByRule, maskStringByRule } from './mask-value.ts';
import { REDACTED } from './tokens.ts';

/**
 * Deepest nesting scanned; a deeper subtree is replaced by `[REDACTED]` with an `unscanned` finding
 * rather than risking the stack. Defaults to 200 (JSON from Avvance nests fewer than 10 levels).
 */
export const MAX_MASK_DEPTH = 200;

// Key/value bags (`metadata: [{ key, value }]`, error `details[{ attributeName, attributeValue }]`,
// HAR `{ name, value }`): the label names the value, so the label's rule applies to it.
const LABEL_KEYS = ['key', 'name', 'attributeName', 'field'] as const;
const VALUE_KEYS: ReadonlySet<string> = new Set(['value', 'attributeValue']);

const URL_START = /^https?:\/\/\S+$/i;

function isUrl(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c === 104 || c === 72) && URL_START.test(s);
}

function pairRule(ctx: MaskContext, obj: Record<string, unknown>): KeyRule | undefined {
  if (obj['value'] === undefined && obj['attributeValue'] === undefined) return undefined;
  for (const label of LABEL_KEYS) {
    const l = obj[label];
    if (typeof l === 'string' && l.length > 0 && l.length <= 64) return ctx.rules.resolve(l, '');
  }
  return undefined;
}

/** Rules that carry on into nested objects; `safe` and `url` describe only the value itself. */
function inherited(rule: KeyRule | undefined): KeyRule | undefined {
  return rule === undefined || rule.action === 'safe' || rule.action === 'url' ? undefined : rule;
}

function looksLikeJson(s: string): boolean {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return (first === 123 && last === 125) || (first === 91 && last === 93);
}

function maskString(ctx: MaskContext, rule: KeyRule | undefined, value: string, depth: number): string {
  if (rule === RULES.url || (rule === undefined && isUrl(value))) return maskUrlIn(ctx, value);
  if (rule !== undefined || value.length < 2 || !looksLikeJson(value))
    return maskStringByRule(ctx, rule, value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (e: unknown) {
    if (!(e instanceof SyntaxError)) throw e;
    return maskFreeText(ctx, value);
  }
  const before = ctx.changes;
  // Our own parse: mask it in place rather than copying it.
  const masked = walkJson(ctx, parsed, undefined, '', depth + 1, true);
  // Re-serialise only when something changed, so clean embedded JSON keeps its formatting.
  return ctx.changes === before ? value : JSON.stringify(masked);
}

const hasOwn = Object.prototype.hasOwnProperty;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Masks a JSON value under `rule` (the rule of the key holding it; `undefined` when unknown),
 * reporting findings at the context's current path. `parentNorm` is the normalised key of the
 * enclosing object, for parent-aware rules. Returns a new value and never mutates the input, unless
 * `inPlace`: then arrays and plain objects are updated where they are (for trees the caller owns,
 * such as one it just parsed) and only changed entries are written. Non-plain objects (Date, Map,
 * class instances) are returned as they are.
 */
export function walkJson(
  ctx: MaskContext,
  value: unknown,
  rule: KeyRule | undefined,
  parentNorm: string,
  depth: number,
  inPlace = false,
): unknown {
  switch (typeof value) {
    case 'string':
      return maskString(ctx, rule, value, depth);
    case 'number':
    case 'bigint':
      return maskNumberByRule(ctx, rule, value);
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (depth >= MAX_MASK_DEPTH) {
    ctx.report('unscanned', true);
    return REDACTED;
  }
  const track = ctx.recording;
  if (Array.isArray(value)) {
    const out: unknown[] = inPlace ? value : new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      if (track) ctx.push(i);
      const item: unknown = value[i];
      // Strings (most leaves) are masked here rather than through another walkJson call.
      const masked =
        typeof item === 'string'
          ? maskString(ctx, rule, item, depth + 1)
          : walkJson(ctx, item, rule, parentNorm, depth + 1, inPlace);
      if (track) ctx.pop();
      if (!inPlace || masked !== item) out[i] = masked;
    }
    return out;
  }
  if (!isPlainObject(value)) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = inPlace ? obj : {};
  const base = inherited(rule);
  const pair = pairRule(ctx, obj);
  // for-in rather than Object.keys: no key array per object, and V8 reads the values through its enum
  // cache. The own-property check keeps inherited (e.g. polluted prototype) keys out, as Object.keys did.
  for (const key in obj) {
    if (!hasOwn.call(obj, key)) continue;
    const entry = ctx.rules.entry(key);
    let childRule = entry.context?.get(parentNorm) ?? entry.rule;
    if (childRule === undefined) childRule = pair !== undefined && VALUE_KEYS.has(key) ? pair : base;
    if (track) ctx.push(key);
    const item = obj[key];
    const masked =
      typeof item === 'string'
        ? maskString(ctx, childRule, item, depth + 1)
        : walkJson(ctx, item, childRule, entry.norm, depth + 1, inPlace);
    if (track) ctx.pop();
    if (inPlace && masked === item) continue;
    if (key === '__proto__') {
      // An own `__proto__` key (JSON.parse makes one): plain assignment would set the prototype.
      Object.defineProperty(out, key, {
        value: masked,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      out[key] = masked;
    }
  }
  return out;
}
