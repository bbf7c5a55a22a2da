/**
 * Relay → client messages. Every frame is a flat JSON object `{ v, type, ref?, ...fields }`; `ref` is
 * the `id` of the client frame being answered, when that frame had one.
 */
import Type, { type Static, type TProperties } from 'typebox';
import {
  EpochSchema,
  FrameIdSchema,
  MemberRefSchema,
  MemberSchema,
  NameSchema,
  RoleSchema,
  SeqPositionSchema,
  SeqSchema,
  SessionIdSchema,
  SoftwareSchema,
  TextSchema,
  VersionSchema,
} from './common-schema.ts';
import { MaskedExchangeSchema } from './exchange-schema.ts';
import { MAX_FILTER_QUERY_LENGTH, MAX_MEMBERS } from './limits.ts';

function serverMessage<T extends string, P extends TProperties>(type: T, properties: P) {
  return Type.Object({
    v: VersionSchema,
    type: Type.Literal(type),
    ref: Type.Optional(FrameIdSchema),
    ...properties,
  });
}

const MembersSchema = Type.Array(MemberSchema, { maxItems: MAX_MEMBERS });

/** Answer to `hello`: the connection is authenticated. */
export const WelcomeSchema = serverMessage('welcome', {
  connectionId: FrameIdSchema,
  user: Type.Object({
    id: Type.String({ maxLength: 128 }),
    name: NameSchema,
    role: RoleSchema,
    /** Avvance partner of the user; `''` when unknown (local mode). */
    partnerId: Type.String({ maxLength: 128 }),
  }),
  /** Relay software, for diagnostics. */
  relay: Type.Optional(SoftwareSchema),
});

/** Answer to `subscribe`: where the session stands, before any replayed event. */
export const SubscribedSchema = serverMessage('subscribed', {
  session: SessionIdSchema,
  /** Current epoch of the session; send it back as `subscribe.epoch` when resuming. */
  epoch: EpochSchema,
  /** Sequence number of the latest event in this epoch; 0 when there is none yet. */
  head: SeqPositionSchema,
  members: MembersSchema,
});

/** Acknowledges an `unsubscribe`, `publish` or `presence` frame that carried an `id` (`ref`). */
export const AckSchema = serverMessage('ack', {
  ref: FrameIdSchema,
  session: Type.Optional(SessionIdSchema),
  /** Sequence number assigned to a published exchange. */
  seq: Type.Optional(SeqSchema),
});

/**
 * One event of a session, in `seq` order. A later event with the same `exchange.id` replaces the
 * earlier one (e.g. its response arrived).
 */
export const EventSchema = serverMessage('event', {
  session: SessionIdSchema,
  /** Monotonic per session epoch, without holes unless a `gap` says so. */
  seq: SeqSchema,
  /** Epoch milliseconds when the relay accepted the event. */
  ts: Type.Number({ minimum: 0 }),
  kind: Type.Literal('exchange'),
  exchange: MaskedExchangeSchema,
  sentBy: MemberRefSchema,
});

/** Why events were not delivered. */
export const GapReasonSchema = Type.Enum([
  'backlog-evicted',
  'relay-restarted',
  'backplane-lost',
  'slow-consumer',
]);
/** Why events were not delivered. */
export type GapReason = Static<typeof GapReasonSchema>;

/**
 * Events `from`..`to` (inclusive, current epoch) will never be delivered. With `relay-restarted`, the
 * client's previous position is void and `to` may be `from - 1` (nothing of the current epoch lost).
 */
export const GapSchema = serverMessage('gap', {
  session: SessionIdSchema,
  from: SeqSchema,
  to: SeqPositionSchema,
  reason: GapReasonSchema,
});

/** Full presence list of a session, sent whenever it changes. */
export const ServerPresenceSchema = serverMessage('presence', {
  session: SessionIdSchema,
  members: MembersSchema,
});

/**
 * A teammate shared a named filter (masked again by the relay). Sent to every subscriber but the
 * sender; not part of the `seq` order and not replayed on resume.
 */
export const SharedFilterSchema = serverMessage('shared-filter', {
  session: SessionIdSchema,
  name: NameSchema,
  query: Type.String({ minLength: 1, maxLength: MAX_FILTER_QUERY_LENGTH }),
  sentBy: MemberRefSchema,
});

/**
 * Something went wrong. `code` is open-ended (peers may send codes newer than this build); known ones
 * are in `PROTOCOL_ERRORS`. Fatal codes are followed by a close.
 */
export const ErrorSchema = serverMessage('error', {
  code: Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' }),
  message: TextSchema,
  /** Session the error is about, when any. */
  session: Type.Optional(SessionIdSchema),
  /** JSON pointer of the first schema problem, for `invalid-message`. */
  path: Type.Optional(TextSchema),
});

/** Answer to `ping`, echoing its nonce. */
export const PongSchema = serverMessage('pong', { nonce: TextSchema });

/** Every relay → client message schema, keyed by `type`. */
export const SERVER_MESSAGE_SCHEMAS = {
  welcome: WelcomeSchema,
  subscribed: SubscribedSchema,
  ack: AckSchema,
  event: EventSchema,
  gap: GapSchema,
  presence: ServerPresenceSchema,
  'shared-filter': SharedFilterSchema,
  error: ErrorSchema,
  pong: PongSchema,
} as const;

/** A relay → client message type. */
export type ServerMessageType = keyof typeof SERVER_MESSAGE_SCHEMAS;
/** `welcome` frame. */
export type WelcomeMessage = Static<typeof WelcomeSchema>;
/** `subscribed` frame. */
export type SubscribedMessage = Static<typeof SubscribedSchema>;
/** `ack` frame. */
export type AckMessage = Static<typeof AckSchema>;
/** `event` frame. */
export type EventMessage = Static<typeof EventSchema>;
/** `gap` frame. */
export type GapMessage = Static<typeof GapSchema>;
/** Relay `presence` frame. */
export type ServerPresenceMessage = Static<typeof ServerPresenceSchema>;
/** `shared-filter` frame. */
export type SharedFilterMessage = Static<typeof SharedFilterSchema>;
/** `error` frame. */
export type ErrorMessage = Static<typeof ErrorSchema>;
/** `pong` frame. */
export type PongMessage = Static<typeof PongSchema>;

/** Any relay → client message, discriminated by `type`. */
export type ServerMessage =
  | WelcomeMessage
  | SubscribedMessage
  | AckMessage
  | EventMessage
  | GapMessage
  | ServerPresenceMessage
  | SharedFilterMessage
  | ErrorMessage
  | PongMessage;
