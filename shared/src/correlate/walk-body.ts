import type { CorrelationKind } from '../model/flow.ts';
import { BODY_ID_KEYS, normalizeKeyName, shortestName } from './id-keys.ts';

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
  walkIds(body, idKeys, { found: sink });
}

/** Receives each id {@link walkIds} finds (an object, so hot callers need not allocate a closure). */
export interface IdReceiver {
  found(kind: CorrelationKind, value: unknown, path: string): void;
}

/** {@link walkBody} reporting to a receiver object. */
export function walkIds(body: unknown, idKeys: ReadonlyMap<string, CorrelationKind>, to: IdReceiver): void {
  const state: WalkState = { nodes: 0, idKeys, shortest: shortestName(idKeys), to };
  visit(body, '', 0, state);
}

interface WalkState {
  nodes: number;
  idKeys: ReadonlyMap<string, CorrelationKind>;
  /** {@link shortestName} of `idKeys`: shorter key names are skipped without normalising. */
  shortest: number;
  to: IdReceiver;
}

function visit(value: unknown, path: string, depth: number, state: WalkState): void {
  if (depth > MAX_WALK_DEPTH || ++state.nodes > MAX_WALK_NODES) return;
  if (typeof value === 'string') {
    visitText(value, path, depth, state);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    for (let i = 0; i < items.length; i++) {
      // `in` skips holes, as forEach did.
      if (i in items) visitChild(items[i], path, i, depth, state);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    const kind = key.length >= state.shortest ? state.idKeys.get(normalizeKeyName(key)) : undefined;
    if (kind !== undefined && (typeof child === 'string' || typeof child === 'number')) {
      state.to.found(kind, child, childPath(path, key));
    } else {
      visitChild(child, path, key, depth, state);
    }
  }
}

/**
 * `visit(child, childPath(path, key), depth + 1)`, without building the child's path for the values that
 * never use it (numbers, booleans, null, and text that is neither JSON nor top-level form data): most of a
 * body.
 */
function visitChild(
  child: unknown,
  path: string,
  key: string | number,
  depth: number,
  state: WalkState,
): void {
  if (typeof child === 'object' && child !== null) {
    visit(child, childPath(path, key), depth + 1, state);
    return;
  }
  if (typeof child === 'string' && !plainText(child, path === '' && key === '')) {
    visit(child, childPath(path, key), depth + 1, state);
    return;
  }
  // What visit would do with it: count it, find nothing.
  if (depth + 1 <= MAX_WALK_DEPTH) ++state.nodes;
}

/** Dotted path of a property (`a.b`) or array item (`a[0]`). */
function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * True when {@link visitText} certainly finds nothing in `text`: it does not start (after trimming) with
 * `{` or `[`, and it is not top-level (where it might be form data). Conservative: `false` when unsure.
 */
function plainText(text: string, topLevel: boolean): boolean {
  if (topLevel || text.length === 0) return false;
  const c = text.charCodeAt(0);
  // Printable ASCII cannot be trimmed away, so it is the first character after trimming too.
  return c > 0x20 && c < 0x7f && c !== 0x7b && c !== 0x5b;
}

function visitText(text: string, path: string, depth: number, state: WalkState): void {
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
    visit(parsed, path, depth + 1, state);
    return;
  }
  // Only top-level text is tried as a form body; a stray `=` in a nested field is just text.
  if (path === '' && /^[^\s=&]+=[^\s]*$/.test(trimmed)) {
    for (const [key, value] of new URLSearchParams(trimmed)) {
      const kind = state.idKeys.get(normalizeKeyName(key));
      if (kind !== undefined) state.to.found(kind, value, key);
    }
  }
}
