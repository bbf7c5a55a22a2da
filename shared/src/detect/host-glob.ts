import { MAX_GLOB_LENGTH } from './rules.ts';

/** A compiled host glob (see {@link HostRule} for the syntax). */
export interface HostMatcher {
  /** `host` is a normalised host name (lower case, no trailing dot, IPv6 in brackets); `port` the effective port. */
  matches(host: string, port: string): boolean;
}

/** Result of compiling a host glob: expected failures are data. */
export type HostGlobResult = { ok: true; matcher: HostMatcher } | { ok: false; message: string };

const LABEL = /^[a-z0-9_*-]+$/;
const PORT = /^(?:\*|[0-9]{1,5})$/;

/** Lower-cases a host and drops one trailing dot (`API2.usbank.com.` → `api2.usbank.com`). */
export function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Compiles a host glob once; never throws. */
export function compileHostGlob(glob: string): HostGlobResult {
  const trimmed = glob.trim();
  if (trimmed === '') return { ok: false, message: 'host glob is empty' };
  if (trimmed.length > MAX_GLOB_LENGTH) {
    return { ok: false, message: `host glob is longer than ${MAX_GLOB_LENGTH} characters` };
  }
  const split = splitPort(trimmed.toLowerCase());
  if (!split.ok) return split;
  const { host, port } = split;
  if (port !== null && !PORT.test(port)) return { ok: false, message: `invalid port "${port}"` };
  const portOk = (p: string): boolean => port === null || port === '*' || Number(port) === Number(p);

  if (host.startsWith('[')) {
    const ipv6 = normalizeIpv6(host);
    if (ipv6 === null) return { ok: false, message: `invalid IPv6 literal "${host}"` };
    return { ok: true, matcher: { matches: (h, p) => h === ipv6 && portOk(p) } };
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name === '*') return { ok: true, matcher: { matches: (_h, p) => portOk(p) } };
  const labels = name.split('.');
  for (const label of labels) {
    if (label === '') return { ok: false, message: `empty label in host glob "${glob}"` };
    if (!LABEL.test(label)) {
      return {
        ok: false,
        message: `invalid characters in host glob "${glob}" (use letters, digits, '-', '*'; punycode for IDN)`,
      };
    }
  }
  let source = '^';
  let rest = labels;
  if (labels.length > 1 && labels[0] === '*') {
    // Leading `*.` spans one or more whole labels, so `*.usbank.com` never matches `usbank.com.evil.com`.
    source += '(?:[^.]+\\.)+';
    rest = labels.slice(1);
  }
  source += rest.map((l) => l.split('*').map(escapeRegex).join('[^.]*')).join('\\.') + '$';
  const re = new RegExp(source);
  return { ok: true, matcher: { matches: (h, p) => portOk(p) && re.test(h) } };
}

function splitPort(
  glob: string,
): { ok: true; host: string; port: string | null } | { ok: false; message: string } {
  if (glob.startsWith('[')) {
    const end = glob.indexOf(']');
    if (end < 0) return { ok: false, message: `unterminated IPv6 literal "${glob}"` };
    const after = glob.slice(end + 1);
    if (after === '') return { ok: true, host: glob, port: null };
    if (!after.startsWith(':')) return { ok: false, message: `unexpected text after IPv6 literal "${glob}"` };
    return { ok: true, host: glob.slice(0, end + 1), port: after.slice(1) };
  }
  const colon = glob.lastIndexOf(':');
  if (colon < 0) return { ok: true, host: glob, port: null };
  return { ok: true, host: glob.slice(0, colon), port: glob.slice(colon + 1) };
}

function normalizeIpv6(literal: string): string | null {
  if (!/^\[[0-9a-f:.]+\]$/.test(literal)) return null;
  if (!URL.canParse(`http://${literal}/`)) return null;
  return new URL(`http://${literal}/`).hostname;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
