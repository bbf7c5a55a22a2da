/**
 * Version and size limits of the team-session WebSocket protocol. These numbers are part of the
 * stable interface documented in `docs/protocol.md`.
 */

/**
 * Major version of the protocol, carried as `v` in every frame. Bumped only for breaking changes;
 * compatible additions (optional fields, new message types) keep it.
 */
export const PROTOCOL_VERSION = 1;

/** Protocol versions this build can speak, oldest first. */
export const SUPPORTED_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/** Largest client → relay frame, in UTF-8 bytes: 1 MiB. Checked before `JSON.parse`. */
export const MAX_FRAME_BYTES = 1_048_576;

/**
 * Largest relay → client frame, in UTF-8 bytes: {@link MAX_FRAME_BYTES} + 64 KiB, the headroom an
 * `event` envelope needs around a maximal published exchange.
 */
export const MAX_SERVER_FRAME_BYTES = MAX_FRAME_BYTES + 65_536;

/** Longest frame `id` / `ref`, in characters: 64. */
export const MAX_FRAME_ID_LENGTH = 64;

/** Longest session id, in characters: 64 (`[A-Za-z0-9_-]`, starting with a letter or digit). */
export const MAX_SESSION_ID_LENGTH = 64;

/** Longest relay token carried by `hello`, in characters: 8192. */
export const MAX_TOKEN_LENGTH = 8192;

/** Longest display name, client name or version string, in characters: 128. */
export const MAX_NAME_LENGTH = 128;

/** Longest `error.message` and `ping.nonce`, in characters: 1024. */
export const MAX_TEXT_LENGTH = 1024;

/** Longest shared filter query (`share-filter.query`), in characters: 1024. */
export const MAX_FILTER_QUERY_LENGTH = 1024;

/** Most members listed in one `presence` or `subscribed` frame: 1000. */
export const MAX_MEMBERS = 1000;

/**
 * Deepest nesting of arrays and objects in a frame: 64 (the envelope counts as 1). Deeper frames are
 * refused as `invalid-message`, so recursive code downstream (masking, `JSON.stringify`) cannot
 * overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;
