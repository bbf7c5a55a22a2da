import { Transform, type TransformCallback } from 'node:stream';
import type { BodyStatus } from '../../../shared/src/model/exchange.ts';

/** Bytes of each pass-through body kept for the exchange. Defaults to 256 KiB. */
export const CAPTURE_BYTES = 256 * 1024;

/** A captured body as the exchange model holds it. */
export interface CapturedBody {
  body?: unknown;
  status: BodyStatus;
}

const TEXTUAL = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|x-www-form-urlencoded|javascript)\b)/i;
const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\b/i;

/**
 * Turns body bytes into the exchange model's body: parsed JSON for JSON types (raw text if it does not
 * parse), text for textual types and for bodies without a type, `binary` (no body) otherwise.
 * `truncated` bodies are `discarded:too-large` (no body: a cut JSON document would mislead).
 */
export function decodeCapturedBody(
  bytes: Buffer,
  contentType: string | undefined,
  truncated: boolean,
): CapturedBody {
  if (truncated) return { status: 'discarded:too-large' };
  if (bytes.length === 0) return { status: 'absent' };
  const type = (contentType ?? '').trim();
  if (type !== '' && !TEXTUAL.test(type)) return { status: 'binary' };
  const text = bytes.toString('utf8');
  if (JSON_TYPE.test(type)) {
    try {
      return { body: JSON.parse(text), status: 'complete' };
    } catch {
      return { body: text, status: 'complete' };
    }
  }
  return { body: text, status: 'complete' };
}

/** Thrown by {@link CaptureStream} when a body exceeds its `limitBytes`. */
export class BodyLimitError extends Error {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`body larger than ${limitBytes} bytes`);
    this.name = 'BodyLimitError';
    this.limitBytes = limitBytes;
  }
}

/** Options of {@link CaptureStream}. */
export interface CaptureStreamOptions {
  /** Bytes kept. Defaults to {@link CAPTURE_BYTES}. */
  captureBytes?: number;
  /** Fail the stream with {@link BodyLimitError} past this many bytes. Defaults to no limit. */
  limitBytes?: number;
}

/**
 * A pass-through stream that forwards every chunk unchanged while keeping the first `captureBytes` for
 * the exchange (the rest is counted, not kept), so a large body streams in constant memory.
 */
export class CaptureStream extends Transform {
  readonly #cap: number;
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  /** Bytes seen so far. */
  total = 0;

  constructor(opts: CaptureStreamOptions = {}) {
    super();
    this.#cap = opts.captureBytes ?? CAPTURE_BYTES;
    this.#limit = opts.limitBytes ?? Number.POSITIVE_INFINITY;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.#limit) {
      done(new BodyLimitError(this.#limit));
      return;
    }
    if (this.#kept < this.#cap) {
      const part = chunk.length <= this.#cap - this.#kept ? chunk : chunk.subarray(0, this.#cap - this.#kept);
      this.#chunks.push(part);
      this.#kept += part.length;
    }
    done(null, chunk);
  }

  /** True when more bytes passed than were kept. */
  get truncated(): boolean {
    return this.total > this.#kept;
  }

  /** The kept bytes (the whole body unless {@link truncated}). */
  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  /** The captured body for the exchange. */
  captured(contentType: string | undefined): CapturedBody {
    return decodeCapturedBody(this.bytes(), contentType, this.truncated);
  }
}

/** `{ body }` when a body was captured, else `{}` (for spreading into the exchange model). */
export function bodyOf(captured: CapturedBody): { body?: unknown } {
  return 'body' in captured ? { body: captured.body } : {};
}
