import type { MaskFinding, MaskOptions } from '../types.ts';

export const OPTS: MaskOptions = Object.freeze({ salt: 'unit-test-salt' });

/** Recursively freezes a value so any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Every leaf (non-object value) of a JSON value by path, in the engine's path format. */
export function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      leaves(v, `${path}[${i}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, path === '' ? k : `${path}.${k}`, out);
  } else {
    out.set(path, value);
  }
  return out;
}

/** Findings as sorted `path → kind` strings, for exact table assertions. */
export function describeFindings(findings: readonly MaskFinding[]): string[] {
  return findings.map((f) => `${f.path} → ${f.kind}`).sort();
}
