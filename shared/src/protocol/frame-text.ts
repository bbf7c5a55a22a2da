/** Turning a raw WebSocket frame into JSON text and a value, within the size and depth limits. */

import { utf8ByteLength } from '../util/utf8.ts';
import { MAX_JSON_DEPTH } from './limits.ts';

/** A WebSocket frame as `ws` (Node) or the browser `WebSocket` delivers it. */
export type RawFrame = string | ArrayBuffer | Uint8Array;

/** Why a frame could not be read as JSON. */
export type FrameTextProblem =
  | { reason: 'too-large'; bytes: number }
  | { reason: 'not-utf8' }
  | { reason: 'not-json' }
  | { reason: 'too-deep' }
  | { reason: 'unsupported-frame' };

/** Result of reading a frame. */
export type FrameRead = { ok: true; value: unknown } | { ok: false; problem: FrameTextProblem };

// fatal: a frame with invalid UTF-8 is refused rather than silently repaired with U+FFFD.
const decoder = new TextDecoder('utf-8', { fatal: true });

export { utf8ByteLength };

function textOf(
  raw: RawFrame,
  maxBytes: number,
): { ok: true; text: string } | { ok: false; problem: FrameTextProblem } {
  if (typeof raw === 'string') {
    // Every UTF-16 unit is at least one UTF-8 byte, and at most three: count only when it matters.
    if (raw.length > maxBytes)
      return { ok: false, problem: { reason: 'too-large', bytes: utf8ByteLength(raw) } };
    if (raw.length * 3 > maxBytes) {
      const bytes = utf8ByteLength(raw);
      if (bytes > maxBytes) return { ok: false, problem: { reason: 'too-large', bytes } };
    }
    return { ok: true, text: raw };
  }
  let bytes: Uint8Array;
  if (ArrayBuffer.isView(raw)) bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  else if (Object.prototype.toString.call(raw) === '[object ArrayBuffer]') bytes = new Uint8Array(raw);
  else return { ok: false, problem: { reason: 'unsupported-frame' } };
  if (bytes.byteLength > maxBytes)
    return { ok: false, problem: { reason: 'too-large', bytes: bytes.byteLength } };
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch (e: unknown) {
    if (e instanceof TypeError) return { ok: false, problem: { reason: 'not-utf8' } };
    throw e;
  }
}

/** True when `value` nests arrays/objects deeper than `maxDepth` (iterative: no recursion to overflow). */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) return true;
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Reads a frame as JSON: size first (before any decoding or parsing), then UTF-8, then `JSON.parse`,
 * then nesting depth ({@link MAX_JSON_DEPTH}). Never throws.
 */
export function readFrame(raw: RawFrame, maxBytes: number): FrameRead {
  const text = textOf(raw, maxBytes);
  if (!text.ok) return text;
  let value: unknown;
  try {
    value = JSON.parse(text.text);
  } catch (e: unknown) {
    // SyntaxError for bad JSON; RangeError guards engines whose parser recurses on deep input. The
    // engine's message quotes the input, so it is not passed on (it would reach logs and peers).
    if (e instanceof SyntaxError || e instanceof RangeError)
      return { ok: false, problem: { reason: 'not-json' } };
    throw e;
  }
  if (exceedsDepth(value, MAX_JSON_DEPTH)) return { ok: false, problem: { reason: 'too-deep' } };
  return { ok: true, value };
}
