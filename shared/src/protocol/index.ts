/**
 * The team-session WebSocket protocol, shared by the relay and every client (panel, viewer page,
 * `tail`). Reference: `docs/protocol.md`.
 */
export * from './client-messages.ts';
export * from './common-schema.ts';
export * from './encode.ts';
export * from './error-codes.ts';
export * from './exchange-schema.ts';
export { type RawFrame, utf8ByteLength } from './frame-text.ts';
export * from './limits.ts';
export * from './parse.ts';
export * from './server-messages.ts';
