/** Encoding outbound frames, and building `error` frames from codes and parse problems. */
import type { ClientMessage } from './client-messages.ts';
import { PROTOCOL_ERRORS, type ProtocolErrorCode } from './error-codes.ts';
import { MAX_TEXT_LENGTH, PROTOCOL_VERSION } from './limits.ts';
import type { ProtocolProblem } from './parse.ts';
import type { ErrorMessage, ServerMessage } from './server-messages.ts';

/**
 * Encodes a message as one text frame (compact JSON). Messages are typed, so they are valid by
 * construction; senders of large exchanges may compare `utf8ByteLength(frame)` with the limit.
 */
export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}

/** Optional fields of an `error` frame. */
export interface ErrorFrameFields {
  /** `id` of the client frame that caused the error. */
  ref?: string;
  /** Session the error is about. */
  session?: string;
  /** JSON pointer of the first schema problem. */
  path?: string;
}

/** Builds an `error` frame; `message` is cut to `MAX_TEXT_LENGTH` (1024) characters. */
export function errorMessage(
  code: ProtocolErrorCode,
  message: string,
  fields: ErrorFrameFields = {},
): ErrorMessage {
  const frame: ErrorMessage = {
    v: PROTOCOL_VERSION,
    type: 'error',
    code,
    message: message.slice(0, MAX_TEXT_LENGTH),
  };
  if (fields.ref !== undefined) frame.ref = fields.ref;
  if (fields.session !== undefined) frame.session = fields.session;
  if (fields.path !== undefined) frame.path = fields.path.slice(0, MAX_TEXT_LENGTH);
  return frame;
}

/** Builds the `error` frame the relay sends back for a frame `parseClientMessage` refused. */
export function problemToError(problem: ProtocolProblem): ErrorMessage {
  const fields: ErrorFrameFields = {};
  if (problem.ref !== undefined) fields.ref = problem.ref;
  if (problem.path !== undefined) fields.path = problem.path;
  return errorMessage(problem.code, problem.message, fields);
}

/**
 * True when the relay closes the connection after an error with this code. Unknown codes (from a
 * newer peer) are not fatal: a fatal error is always followed by a close anyway.
 */
export function isFatalError(code: string): boolean {
  return Object.hasOwn(PROTOCOL_ERRORS, code) && PROTOCOL_ERRORS[code as ProtocolErrorCode].fatal;
}
