/**
 * TypeBox schemas of the data model (`shared/src/model/`) as it travels in protocol frames. Each
 * `Static<>` type is assignable both ways to its model interface (pinned by a type-level test), so a
 * change to the model that is not mirrored here fails the build.
 *
 * Unknown properties are allowed and ignored (tolerant reader, see the versioning rule in
 * `docs/protocol.md`).
 */
import Type from 'typebox';

/** Header map with lower-cased names (`HeaderMap`). Names are not checked for case. */
export const HeaderMapSchema = Type.Record(Type.String(), Type.String());

/** `RequestLog` (seed HLD §5.2). */
export const RequestLogSchema = Type.Object({
  id: Type.String(),
  timestamp: Type.String(),
  type: Type.Literal('request'),
  method: Type.String(),
  url: Type.String(),
  headers: HeaderMapSchema,
  body: Type.Optional(Type.Unknown()),
  query: Type.Optional(Type.Record(Type.String(), Type.String())),
  partnerId: Type.String(),
  userId: Type.String(),
});

/** `ResponseLog` (seed HLD §5.2). `status` is an integer 0–999 (0: no response arrived). */
export const ResponseLogSchema = Type.Object({
  id: Type.String(),
  timestamp: Type.String(),
  type: Type.Literal('response'),
  method: Type.String(),
  url: Type.String(),
  status: Type.Integer({ minimum: 0, maximum: 999 }),
  duration: Type.Number(),
  headers: HeaderMapSchema,
  body: Type.Optional(Type.Unknown()),
  error: Type.Optional(Type.String()),
});

/** `ExchangeSource`. */
export const ExchangeSourceSchema = Type.Enum(['page', 'replay', 'popup', 'proxy', 'webhook']);

/** `BodyStatus`. */
export const BodyStatusSchema = Type.Enum([
  'complete',
  'absent',
  'binary',
  'discarded:too-large',
  'unavailable',
]);

/** `ExchangeTimings` (milliseconds; `startedAt` epoch ms). */
export const ExchangeTimingsSchema = Type.Object({
  startedAt: Type.Number(),
  blocked: Type.Optional(Type.Number()),
  dns: Type.Optional(Type.Number()),
  connect: Type.Optional(Type.Number()),
  ssl: Type.Optional(Type.Number()),
  send: Type.Optional(Type.Number()),
  wait: Type.Optional(Type.Number()),
  receive: Type.Optional(Type.Number()),
});

const exchangeProperties = {
  id: Type.String(),
  source: ExchangeSourceSchema,
  request: RequestLogSchema,
  response: Type.Optional(ResponseLogSchema),
  timings: ExchangeTimingsSchema,
  masked: Type.Boolean(),
  replayOf: Type.Optional(Type.String()),
  requestBodyStatus: BodyStatusSchema,
  responseBodyStatus: BodyStatusSchema,
  sentBy: Type.Optional(Type.String()),
  environment: Type.Optional(Type.String()),
  recordedBeforeDevtools: Type.Optional(Type.Boolean()),
};

/** `Exchange`: one call, masked or not. */
export const ExchangeSchema = Type.Object(exchangeProperties);

/**
 * An `Exchange` that claims to be masked (`masked: true`): the only kind allowed in `publish` and
 * `event` frames. The relay masks it again anyway (defence in depth); this only stops a client from
 * publishing an exchange it forgot to mask.
 */
export const MaskedExchangeSchema = Type.Object({ ...exchangeProperties, masked: Type.Literal(true) });
