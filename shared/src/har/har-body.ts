import type { BodyStatus } from '../model/exchange.ts';

/** Longest body kept when importing, in characters; longer ones become `discarded:too-large`. */
export const HAR_MAX_BODY_CHARS = 1_000_000;

/** A body on its way into the model, with what happened to it. */
export interface DecodedBody {
  body?: unknown;
  status: BodyStatus;
}

/** True for JSON media types (`application/json`, `application/problem+json`, `text/json`…). */
export function isJsonMime(mimeType: string): boolean {
  const essence = mimeType.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence === 'text/json' || essence.endsWith('+json');
}

/** True for media types whose bytes are text worth decoding. */
export function isTextualMime(mimeType: string): boolean {
  const essence = mimeType.split(';')[0]!.trim().toLowerCase();
  return (
    essence.startsWith('text/') ||
    isJsonMime(essence) ||
    essence.endsWith('+xml') ||
    essence.endsWith('/xml') ||
    essence === 'application/javascript' ||
    essence === 'application/ecmascript' ||
    essence === 'application/x-www-form-urlencoded' ||
    essence === 'application/graphql'
  );
}

/** Parses `text` as JSON when the media type says JSON and it parses; otherwise keeps the text. */
export function parseBodyText(text: string, mimeType: string): DecodedBody {
  if (text === '') return { status: 'absent' };
  if (text.length > HAR_MAX_BODY_CHARS) return { status: 'discarded:too-large' };
  if (isJsonMime(mimeType)) {
    try {
      return { body: JSON.parse(text) as unknown, status: 'complete' };
    } catch (e: unknown) {
      if (!(e instanceof SyntaxError)) throw e;
    }
  }
  return { body: text, status: 'complete' };
}

/**
 * Decodes HAR `content` (`text` plus optional `encoding: 'base64'`). Base64 is decoded as UTF-8 when the
 * media type is textual (or unknown and the bytes are valid UTF-8); other bytes give `binary`.
 */
export function decodeContent(
  text: string,
  encoding: string | null | undefined,
  mimeType: string,
): DecodedBody {
  if (encoding !== 'base64') return parseBodyText(text, mimeType);
  // A UTF-16 unit takes at most 3 UTF-8 bytes, so more bytes than 3× the cap can never fit: refuse before
  // allocating the decoded copy (base64 is 4 characters per 3 bytes).
  if ((text.length * 3) / 4 > HAR_MAX_BODY_CHARS * 3) return { status: 'discarded:too-large' };
  const textual = isTextualMime(mimeType);
  if (!textual && mimeType.trim() !== '') return { status: 'binary' };
  let binary: string;
  try {
    binary = atob(text);
  } catch (e: unknown) {
    // atob's only failure is malformed base64 (InvalidCharacterError); the body cannot be recovered.
    if (!(e instanceof DOMException)) throw e;
    return { status: 'unavailable' };
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e: unknown) {
    if (!(e instanceof TypeError)) throw e;
    return { status: 'binary' };
  }
  return parseBodyText(decoded, mimeType);
}
