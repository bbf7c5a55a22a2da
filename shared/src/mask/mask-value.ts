/**
 * Masking of single values: a string or number under a known key rule, and free text scanned by
 * shape. Shared by the JSON, header, URL and body maskers.
 */
import type { KeyRule } from './key-rules.ts';
import { type MaskContext, RawSegment } from './mask-context.ts';
import { isMaskToken, REDACTED } from './tokens.ts';
import type { MaskKind } from './types.ts';
import { findSpans, type ScanProfile } from './value-detectors.ts';

/**
 * How free-text findings are reported: `leaf` once per kind at the current path (a JSON field or
 * header), `offsets` as `text@<offset>` segments (a plain-text body).
 */
export type TextReport = 'leaf' | 'offsets';

/** Masks sensitive substrings of `text` found by shape; returns `text` itself when nothing changed. */
export function maskFreeText(
  ctx: MaskContext,
  text: string,
  profile: ScanProfile = 'all',
  report: TextReport = 'leaf',
): string {
  const spans = findSpans(text, profile);
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  let leafPath: string | undefined;
  const seen = report === 'leaf' ? new Set<MaskKind>() : undefined;
  for (const span of spans) {
    if (seen === undefined) {
      if (ctx.recording) ctx.push(new RawSegment(`text@${span.start}`));
      ctx.report(span.kind, !span.masked);
      ctx.pop();
    } else if (!seen.has(span.kind)) {
      seen.add(span.kind);
      if (ctx.recording) leafPath ??= ctx.path();
      ctx.report(span.kind, !span.masked, leafPath);
    } else if (!span.masked) {
      ctx.changes++;
    }
    if (span.masked) continue;
    const found = text.slice(span.start, span.end);
    out +=
      text.slice(last, span.start) + (span.kind === 'token' ? REDACTED : ctx.minter.token(span.kind, found));
    last = span.end;
  }
  return last === 0 ? text : out + text.slice(last);
}

const SCHEME = /^([A-Za-z][\w-]*)\s+\S/;
const ORIGIN = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)(?:[^/?#@]*@)?([^/?#]*)/;

function redactAuthorization(value: string): [string, MaskKind] {
  const m = SCHEME.exec(value);
  if (m === null) return [REDACTED, 'secret'];
  const scheme = m[1]!;
  return [`${scheme} ${REDACTED}`, scheme.toLowerCase() === 'basic' ? 'secret' : 'token'];
}

function redactCookiePair(pair: string): string {
  const eq = pair.indexOf('=');
  if (eq < 0)
    return pair.trim() === '' ? pair : pair.slice(0, pair.length - pair.trimStart().length) + REDACTED;
  const rest = pair.slice(eq + 1).trim();
  return rest === '' ? pair : pair.slice(0, eq + 1) + REDACTED;
}

function redactCookie(value: string): string {
  return value.split(';').map(redactCookiePair).join(';');
}

function redactSetCookie(value: string): string {
  return value
    .split('\n')
    .map((line) => {
      const semi = line.indexOf(';');
      return semi < 0 ? redactCookiePair(line) : redactCookiePair(line.slice(0, semi)) + line.slice(semi);
    })
    .join('\n');
}

function redactCapabilityUrl(value: string): string {
  const m = ORIGIN.exec(value.trim());
  return m === null || m[2] === '' ? REDACTED : `${m[1]}${m[2]}/${REDACTED}`;
}

const LIST_SEPARATOR = /(,\s*)/;

function tokenise(ctx: MaskContext, kind: MaskKind, value: string): string {
  if (kind === 'ip' && value.includes(',')) {
    // X-Forwarded-For style lists: one token per address keeps the hop count readable.
    return value
      .split(LIST_SEPARATOR)
      .map((part, i) =>
        i % 2 === 1 || part === '' || isMaskToken(part) ? part : ctx.minter.token(kind, part),
      )
      .join('');
  }
  return ctx.minter.token(kind, value);
}

/**
 * Masks a string under a key rule and reports it at the current path. `url` rules are handled by
 * the callers (see mask-url.ts) and fall back to free text here. Empty strings are left alone.
 */
export function maskStringByRule(ctx: MaskContext, rule: KeyRule | undefined, value: string): string {
  if (rule === undefined || rule.action === 'url') return maskFreeText(ctx, value);
  if (rule.action === 'allow' || value === '') return value;
  if (rule.action === 'safe') return maskFreeText(ctx, value, 'textual');
  let out: string;
  let kind = rule.kind;
  switch (rule.action) {
    case 'pii':
      out = isMaskToken(value) ? value : tokenise(ctx, kind, value);
      break;
    case 'redact':
      out = REDACTED;
      break;
    case 'auth':
      [out, kind] = redactAuthorization(value);
      break;
    case 'cookie':
      out = redactCookie(value);
      break;
    case 'set-cookie':
      out = redactSetCookie(value);
      break;
    case 'capability-url':
      out = redactCapabilityUrl(value);
      break;
  }
  ctx.report(kind, out !== value);
  return out;
}

const SHAPED_KINDS: ReadonlySet<MaskKind> = new Set([
  'ssn',
  'phone',
  'card',
  'routing-number',
  'bank-account',
]);

/**
 * Masks a number (or bigint) under a key rule. PII numbers become string tokens and secrets become
 * `[REDACTED]`; under unknown keys an integer of 8+ digits is masked only when its digits are, as a
 * whole, an SSN, phone, card or account number (amounts, counts and epoch times survive).
 */
export function maskNumberByRule(
  ctx: MaskContext,
  rule: KeyRule | undefined,
  value: number | bigint,
): unknown {
  if (rule === undefined) {
    const big = typeof value === 'bigint';
    if (!big && !(Number.isSafeInteger(value) && Math.abs(value) >= 1e7)) return value;
    if (big && value > -10_000_000n && value < 10_000_000n) return value;
    const text = String(value);
    const spans = findSpans(text);
    const only = spans.length === 1 ? spans[0]! : undefined;
    if (only === undefined || only.start !== 0 || only.end !== text.length || !SHAPED_KINDS.has(only.kind)) {
      return value;
    }
    ctx.report(only.kind, true);
    return ctx.minter.token(only.kind, text);
  }
  switch (rule.action) {
    case 'allow':
    case 'safe':
    case 'url':
      return value;
    case 'pii':
      ctx.report(rule.kind, true);
      return ctx.minter.token(rule.kind, String(value));
    default:
      ctx.report(rule.kind, true);
      return REDACTED;
  }
}
