/**
 * Catalogue of protocol error codes: what `parseClientMessage` / `parseServerMessage` return and what
 * the relay sends in `error` frames. Documented, one row each, in `docs/protocol.md`.
 */

/** How one error code behaves on the wire. */
export interface ProtocolErrorInfo {
  /** One-line meaning, for docs and logs. */
  description: string;
  /** True when the relay closes the connection right after sending this error. */
  fatal: boolean;
  /** WebSocket close code the relay uses when `fatal`; `undefined` when the connection stays open. */
  closeCode?: number;
}

/** Every protocol error code, with its meaning, fatality and WebSocket close code. */
export const PROTOCOL_ERRORS = {
  'message-too-large': {
    description: 'The frame is larger than the protocol limit (checked before parsing).',
    fatal: true,
    closeCode: 1009,
  },
  'invalid-json': {
    description: 'The frame is not valid UTF-8 JSON.',
    fatal: false,
  },
  'invalid-message': {
    description:
      'The frame is JSON but does not match the schema of its type; `path` names the first problem.',
    fatal: false,
  },
  'unsupported-version': {
    description: 'The frame `v` is not a protocol version this peer speaks.',
    fatal: true,
    closeCode: 1002,
  },
  'unknown-type': {
    description: 'The frame `type` is not a message type this peer knows (may be newer).',
    fatal: false,
  },
  'handshake-required': {
    description: 'The first frame on a connection must be `hello`, and only the first.',
    fatal: true,
    closeCode: 1008,
  },
  unauthorized: {
    description: 'The relay token is missing, invalid or expired.',
    fatal: true,
    closeCode: 4401,
  },
  forbidden: {
    description: 'The user may not do this (e.g. a session of another partner).',
    fatal: false,
  },
  'session-not-found': {
    description: 'No team session has this id.',
    fatal: false,
  },
  'not-subscribed': {
    description:
      '`publish`, `presence` or `unsubscribe` names a session this connection is not subscribed to.',
    fatal: false,
  },
  'too-many-subscriptions': {
    description: 'This connection already has as many subscriptions as the relay allows.',
    fatal: false,
  },
  'rate-limited': {
    description: 'Too many frames; the frame was dropped. Slow down and retry.',
    fatal: false,
  },
  'server-shutting-down': {
    description: 'The relay is restarting; reconnect and subscribe with `resumeFrom`.',
    fatal: true,
    closeCode: 1001,
  },
  'internal-error': {
    description: 'The relay failed unexpectedly while handling the frame.',
    fatal: false,
  },
} as const satisfies Record<string, ProtocolErrorInfo>;

/** A known protocol error code (a key of {@link PROTOCOL_ERRORS}). */
export type ProtocolErrorCode = keyof typeof PROTOCOL_ERRORS;

/** All known error codes, in catalogue order. */
export const PROTOCOL_ERROR_CODES = Object.keys(PROTOCOL_ERRORS) as ProtocolErrorCode[];

/** True when `code` is a known protocol error code (peers may send newer ones). */
export function isProtocolErrorCode(code: string): code is ProtocolErrorCode {
  return Object.hasOwn(PROTOCOL_ERRORS, code);
}
