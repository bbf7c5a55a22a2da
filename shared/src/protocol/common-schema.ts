/** Schemas shared by client and relay messages: envelope fields, ids, members. */
import Type, { type Static } from 'typebox';
import {
  MAX_FRAME_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SESSION_ID_LENGTH,
  MAX_TEXT_LENGTH,
  PROTOCOL_VERSION,
} from './limits.ts';

/** `v`: the protocol major version. */
export const VersionSchema = Type.Literal(PROTOCOL_VERSION);

/** Frame id chosen by the client for request/response correlation; 1–64 characters. */
export const FrameIdSchema = Type.String({ minLength: 1, maxLength: MAX_FRAME_ID_LENGTH });

/** Team session id: `[A-Za-z0-9][A-Za-z0-9_-]*`, at most 64 characters. */
export const SessionIdSchema = Type.String({
  pattern: `^[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_SESSION_ID_LENGTH - 1}}$`,
});

/** Sequence number of an event inside one session epoch: integer ≥ 1. */
export const SeqSchema = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** A sequence position: 0 (before the first event) or a {@link SeqSchema}. */
export const SeqPositionSchema = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** Opaque id of one in-memory life of a session; sequence numbers are only comparable within it. */
export const EpochSchema = Type.String({ minLength: 1, maxLength: MAX_FRAME_ID_LENGTH });

/** Display names, client names and versions: 1–128 characters. */
export const NameSchema = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH });

/** Free text (error messages, ping nonces): at most 1024 characters. */
export const TextSchema = Type.String({ maxLength: MAX_TEXT_LENGTH });

/** Relay role of a user (relay JWT `role`). */
export const RoleSchema = Type.Enum(['developer', 'admin']);
/** Relay role of a user. */
export type Role = Static<typeof RoleSchema>;

/** What a member is doing: panel focused, open but idle, or away (hidden / locked). */
export const MemberStateSchema = Type.Enum(['active', 'idle', 'away']);
/** What a member is doing. */
export type MemberState = Static<typeof MemberStateSchema>;

/** Who sent an event: the publishing connection and its user. */
export const MemberRefSchema = Type.Object({
  /** Connection id of the publisher. */
  id: FrameIdSchema,
  userId: Type.String({ maxLength: MAX_NAME_LENGTH }),
  name: NameSchema,
});
/** Who sent an event. */
export type MemberRef = Static<typeof MemberRefSchema>;

/** One connection in a session's presence list (a user with two panels appears twice). */
export const MemberSchema = Type.Object({
  /** Connection id. */
  id: FrameIdSchema,
  userId: Type.String({ maxLength: MAX_NAME_LENGTH }),
  name: NameSchema,
  role: RoleSchema,
  state: MemberStateSchema,
  /** Exchange id the member has selected, when they share it. */
  focus: Type.Optional(NameSchema),
});
/** One connection in a session's presence list. */
export type Member = Static<typeof MemberSchema>;

/** Name and version of a peer's software (`avvance-panel` / `1.2.0`). */
export const SoftwareSchema = Type.Object({ name: NameSchema, version: NameSchema });
/** Name and version of a peer's software. */
export type Software = Static<typeof SoftwareSchema>;
