/**
 * Client → relay messages. Every frame is a flat JSON object `{ v, type, id?, ...fields }`; `id`, when
 * present, is echoed as `ref` in the relay's reply so the client can correlate it.
 */
import Type, { type Static, type TProperties } from 'typebox';
import {
  EpochSchema,
  FrameIdSchema,
  MemberStateSchema,
  NameSchema,
  SeqPositionSchema,
  SessionIdSchema,
  SoftwareSchema,
  TextSchema,
  VersionSchema,
} from './common-schema.ts';
import { MaskedExchangeSchema } from './exchange-schema.ts';
import { MAX_FILTER_QUERY_LENGTH, MAX_TOKEN_LENGTH } from './limits.ts';

function clientMessage<T extends string, P extends TProperties>(type: T, properties: P) {
  return Type.Object({
    v: VersionSchema,
    type: Type.Literal(type),
    id: Type.Optional(FrameIdSchema),
    ...properties,
  });
}

/** First frame of every connection. The relay answers `welcome`, or a fatal `error`. */
export const HelloSchema = clientMessage('hello', {
  /** Relay JWT; omitted in local mode (no identity provider). */
  token: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TOKEN_LENGTH })),
  client: SoftwareSchema,
});

/**
 * Join a session. The relay answers `subscribed`, then (with `resumeFrom`) a `gap` if events were lost
 * and the retained events after `resumeFrom`, then live events. Without `resumeFrom`: live events only.
 */
export const SubscribeSchema = clientMessage('subscribe', {
  session: SessionIdSchema,
  /** Last sequence number the client processed; 0 to replay the whole retained backlog. */
  resumeFrom: Type.Optional(SeqPositionSchema),
  /** Epoch `resumeFrom` belongs to (from an earlier `subscribed`); lets the relay detect its own restart. */
  epoch: Type.Optional(EpochSchema),
});

/** Leave a session. Acknowledged with `ack` when the frame has an `id`. */
export const UnsubscribeSchema = clientMessage('unsubscribe', { session: SessionIdSchema });

/**
 * Share a masked exchange with a session the client is subscribed to. The relay masks it again,
 * assigns the next `seq` and broadcasts an `event` to every subscriber (the publisher included).
 * Acknowledged with `ack { seq }` when the frame has an `id`.
 */
export const PublishSchema = clientMessage('publish', {
  session: SessionIdSchema,
  exchange: MaskedExchangeSchema,
});

/** Update this connection's presence in a session; the relay broadcasts a `presence` list. */
export const ClientPresenceSchema = clientMessage('presence', {
  session: SessionIdSchema,
  state: MemberStateSchema,
  /** Exchange id the user has selected, to show teammates; omit to share nothing. */
  focus: Type.Optional(NameSchema),
});

/**
 * Share a named filter (docs/filter.md) with a session the client is subscribed to. The relay masks the
 * text again and broadcasts `shared-filter` to every other subscriber; nothing is stored. Acknowledged
 * with `ack` when the frame has an `id`. An older relay answers `unknown-type`.
 */
export const ShareFilterSchema = clientMessage('share-filter', {
  session: SessionIdSchema,
  name: NameSchema,
  query: Type.String({ minLength: 1, maxLength: MAX_FILTER_QUERY_LENGTH }),
});

/** Application-level ping (browsers cannot send WebSocket pings). The relay answers `pong`. */
export const PingSchema = clientMessage('ping', { nonce: TextSchema });

/** Every client → relay message schema, keyed by `type`. */
export const CLIENT_MESSAGE_SCHEMAS = {
  hello: HelloSchema,
  subscribe: SubscribeSchema,
  unsubscribe: UnsubscribeSchema,
  publish: PublishSchema,
  presence: ClientPresenceSchema,
  'share-filter': ShareFilterSchema,
  ping: PingSchema,
} as const;

/** A client → relay message type. */
export type ClientMessageType = keyof typeof CLIENT_MESSAGE_SCHEMAS;
/** `hello` frame. */
export type HelloMessage = Static<typeof HelloSchema>;
/** `subscribe` frame. */
export type SubscribeMessage = Static<typeof SubscribeSchema>;
/** `unsubscribe` frame. */
export type UnsubscribeMessage = Static<typeof UnsubscribeSchema>;
/** `publish` frame. */
export type PublishMessage = Static<typeof PublishSchema>;
/** Client `presence` frame. */
export type ClientPresenceMessage = Static<typeof ClientPresenceSchema>;
/** `share-filter` frame. */
export type ShareFilterMessage = Static<typeof ShareFilterSchema>;
/** `ping` frame. */
export type PingMessage = Static<typeof PingSchema>;

/** Any client → relay message, discriminated by `type`. */
export type ClientMessage =
  | HelloMessage
  | SubscribeMessage
  | UnsubscribeMessage
  | PublishMessage
  | ClientPresenceMessage
  | ShareFilterMessage
  | PingMessage;
