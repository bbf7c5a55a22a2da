// Frozen copy of shared/src/correlate/walk-body.ts as of 64d3bc1, before the issue 8 (benchmark 4) rewrite:
// the oracle of flow-index.equivalence.test.ts. Do not edit or import elsewhere.
import type { CorrelationKind } from '../../../model/flow.ts';
import { BODY_ID_KEYS, normalizeKeyName } from './id-keys.ts';

/** Deepest nesting walked in a body. */
export const MAX_WALK_DEPTH = 32;
/** Most values visited per body, so a huge payload cannot stall correlation. */
export const MAX_WALK_NODES = 10_000;
/** Longest string parsed as embedded JSON or form data, in characters. */
export const MAX_EMBEDDED_TEXT = 262_144;

/** Receives each id found: its kind, the raw value, and a dotted path (`eventDetails.applicationGUID`). */
export type IdSink = (kind: CorrelationKind, value: unknown, path: string) => void;

/**
 * Finds Avvance business ids at any depth of a body: parsed JSON, JSON inside strings (also nested string
 * fields), or form-encoded text. Key names match case-insensitively with `-`/`_` ignored. `idKeys`
 * (normalised key name → kind) defaults to {@link BODY_ID_KEYS}.
 */
export function walkBody(
  body: unknown,
  sink: IdSink,
  idKeys: ReadonlyMap<string, CorrelationKind> = BODY_ID_KEYS,
): void {
  const state: WalkState = { nodes: 0, idKeys };
  visit(body, '', 0, state, sink);
}

interface WalkState {
  nodes: number;
  idKeys: ReadonlyMap<string, CorrelationKind>;
}

function visit(value: unknown, path: string, depth: number, state: WalkState, sink: IdSink): void {
  if (depth > MAX_WALK_DEPTH || ++state.nodes > MAX_WALK_NODES) return;
  if (typeof value === 'string') {
    visitText(value, path, depth, state, sink);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      visit(item, `${path}[${i}]`, depth + 1, state, sink);
    });
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    const kind = state.idKeys.get(normalizeKeyName(key));
    if (kind !== undefined && (typeof child === 'string' || typeof child === 'number')) {
      sink(kind, child, childPath);
    } else {
      visit(child, childPath, depth + 1, state, sink);
    }
  }
}

function visitText(text: string, path: string, depth: number, state: WalkState, sink: IdSink): void {
  if (text.length > MAX_EMBEDDED_TEXT) return;
  const trimmed = text.trim();
  const first = trimmed[0];
  if (first === '{' || first === '[') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e: unknown) {
      if (!(e instanceof SyntaxError)) throw e;
      return;
    }
    visit(parsed, path, depth + 1, state, sink);
    return;
  }
  // Only top-level text is tried as a form body; a stray `=` in a nested field is just text.
  if (path === '' && /^[^\s=&]+=[^\s]*$/.test(trimmed)) {
    for (const [key, value] of new URLSearchParams(trimmed)) {
      const kind = state.idKeys.get(normalizeKeyName(key));
      if (kind !== undefined) sink(kind, value, key);
    }
  }
}
