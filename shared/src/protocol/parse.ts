/** Parsing inbound frames into typed messages. Problems are returned, never thrown. */
import type { TSchema } from 'typebox';
import Compile from 'typebox/compile';
import { CLIENT_MESSAGE_SCHEMAS, type ClientMessage } from './client-messages.ts';
import type { ProtocolErrorCode } from './error-codes.ts';
import { type FrameTextProblem, type RawFrame, readFrame } from './frame-text.ts';
import {
  MAX_FRAME_BYTES,
  MAX_FRAME_ID_LENGTH,
  MAX_JSON_DEPTH,
  MAX_SERVER_FRAME_BYTES,
  SUPPORTED_VERSIONS,
} from './limits.ts';
import { SERVER_MESSAGE_SCHEMAS, type ServerMessage } from './server-messages.ts';

/** Why a frame was refused; maps onto an `error` frame (see `problemToError`). */
export interface ProtocolProblem {
  code: ProtocolErrorCode;
  /** Human-readable reason; never quotes frame content beyond a type name or path. */
  message: string;
  /** JSON pointer of the first schema problem (`invalid-message`), e.g. `/exchange/request/method`. */
  path?: string;
  /** Correlation id of the refused frame (client `id`, or relay `ref`), when it could be read. */
  ref?: string;
}

/** Outcome of parsing one frame. */
export type ParseResult<M> = { ok: true; message: M } | { ok: false; error: ProtocolProblem };

/** Parser options. */
export interface ParseOptions {
  /**
   * Largest accepted frame in UTF-8 bytes. Defaults to `MAX_FRAME_BYTES` (1 MiB) for client frames and
   * `MAX_SERVER_FRAME_BYTES` (1 MiB + 64 KiB) for relay frames.
   */
  maxBytes?: number;
}

type Validator = ReturnType<typeof Compile>;
type SchemaTable = Readonly<Record<string, TSchema>>;

const validators = new Map<TSchema, Validator>();

// Compiled on first use, so importing the protocol costs nothing until a frame arrives.
function validatorFor(schema: TSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

function frameProblem(problem: FrameTextProblem, maxBytes: number): ProtocolProblem {
  switch (problem.reason) {
    case 'too-large':
      return {
        code: 'message-too-large',
        message: `frame is ${problem.bytes} bytes; the limit is ${maxBytes}`,
      };
    case 'not-utf8':
      return { code: 'invalid-json', message: 'frame is not valid UTF-8' };
    case 'not-json':
      return { code: 'invalid-json', message: 'frame is not valid JSON' };
    case 'too-deep':
      return {
        code: 'invalid-message',
        message: `frame nests deeper than ${MAX_JSON_DEPTH} levels`,
        path: '',
      };
    case 'unsupported-frame':
      return { code: 'invalid-json', message: 'frame is neither text nor bytes' };
  }
}

function correlationId(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_FRAME_ID_LENGTH
    ? value
    : undefined;
}

function parseWith<M>(
  raw: RawFrame,
  maxBytes: number,
  schemas: SchemaTable,
  refKey: 'id' | 'ref',
): ParseResult<M> {
  const read = readFrame(raw, maxBytes);
  if (!read.ok) return { ok: false, error: frameProblem(read.problem, maxBytes) };
  const frame = read.value;
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return {
      ok: false,
      error: { code: 'invalid-message', message: 'frame must be a JSON object', path: '' },
    };
  }
  const envelope = frame as Record<string, unknown>;
  const ref = correlationId(envelope[refKey]);
  const fail = (error: ProtocolProblem): ParseResult<M> => ({
    ok: false,
    error: ref === undefined ? error : { ...error, ref },
  });
  const v = envelope['v'];
  if (typeof v !== 'number') {
    return fail({ code: 'invalid-message', message: '`v` must be the protocol version number', path: '/v' });
  }
  if (!SUPPORTED_VERSIONS.includes(v)) {
    return fail({
      code: 'unsupported-version',
      message: `protocol version ${v} is not supported; supported: ${SUPPORTED_VERSIONS.join(', ')}`,
    });
  }
  const type = envelope['type'];
  if (typeof type !== 'string') {
    return fail({ code: 'invalid-message', message: '`type` must be a string', path: '/type' });
  }
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (schema === undefined) {
    // The type name is echoed only when short and plain, so a hostile frame cannot inject text.
    const shown = /^[a-z][a-z0-9-]{0,31}$/.test(type) ? `\`${type}\`` : 'this type';
    return fail({ code: 'unknown-type', message: `message type ${shown} is not known` });
  }
  const validator = validatorFor(schema);
  if (validator.Check(frame)) return { ok: true, message: frame as M };
  const first = validator.Errors(frame)[0];
  const path = first?.instancePath ?? '';
  const reason = first?.message ?? 'does not match the schema';
  return fail({ code: 'invalid-message', message: `${type}: ${path || '/'} ${reason}`, path });
}

/**
 * Parses a client → relay frame (what the relay receives). Checks, in order: size (before decoding),
 * UTF-8 and JSON, nesting depth, `v`, `type`, then the message schema. Never throws.
 */
export function parseClientMessage(raw: RawFrame, opts: ParseOptions = {}): ParseResult<ClientMessage> {
  return parseWith(raw, opts.maxBytes ?? MAX_FRAME_BYTES, CLIENT_MESSAGE_SCHEMAS, 'id');
}

/**
 * Parses a relay → client frame (what the panel, viewer and `tail` receive). Same checks as
 * {@link parseClientMessage}. Clients should ignore `unknown-type` results: newer relays may send
 * message types this build does not know. Never throws.
 */
export function parseServerMessage(raw: RawFrame, opts: ParseOptions = {}): ParseResult<ServerMessage> {
  return parseWith(raw, opts.maxBytes ?? MAX_SERVER_FRAME_BYTES, SERVER_MESSAGE_SCHEMAS, 'ref');
}
