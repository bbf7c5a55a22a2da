import fc from 'fast-check';
import type { Exchange } from '../../model/exchange.ts';
import type { ClientMessage } from '../client-messages.ts';
import type { ServerMessage } from '../server-messages.ts';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const frameId = fc.string({ minLength: 1, maxLength: 64 });
const session = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const position = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const headers = fc.dictionary(fc.string({ maxLength: 20 }), text, { maxKeys: 6 });
const body = fc.jsonValue({ maxDepth: 4 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

const request = fc.record(
  {
    id: text,
    timestamp: text,
    type: fc.constant('request' as const),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
    url: fc.webUrl({ withQueryParameters: true }),
    headers,
    body,
    query: fc.dictionary(fc.string({ maxLength: 10 }), text, { maxKeys: 3 }),
    partnerId: text,
    userId: text,
  },
  { requiredKeys: ['id', 'timestamp', 'type', 'method', 'url', 'headers', 'partnerId', 'userId'] },
);

const response = fc.record(
  {
    id: text,
    timestamp: text,
    type: fc.constant('response' as const),
    method: fc.constantFrom('GET', 'POST'),
    url: fc.webUrl(),
    status: fc.integer({ min: 0, max: 999 }),
    duration: finite,
    headers,
    body,
    error: text,
  },
  { requiredKeys: ['id', 'timestamp', 'type', 'method', 'url', 'status', 'duration', 'headers'] },
);

const bodyStatus = fc.constantFrom(
  'complete',
  'absent',
  'binary',
  'discarded:too-large',
  'unavailable' as const,
);

/** Any masked exchange the model allows. */
export const maskedExchangeArb: fc.Arbitrary<Exchange & { masked: true }> = fc.record(
  {
    id: text,
    source: fc.constantFrom('page', 'replay', 'popup', 'proxy', 'webhook' as const),
    request,
    response,
    timings: fc.record(
      {
        startedAt: finite,
        blocked: finite,
        dns: finite,
        connect: finite,
        ssl: finite,
        send: finite,
        wait: finite,
        receive: finite,
      },
      { requiredKeys: ['startedAt'] },
    ),
    masked: fc.constant(true as const),
    replayOf: text,
    requestBodyStatus: bodyStatus,
    responseBodyStatus: bodyStatus,
    sentBy: text,
    environment: text,
  },
  {
    requiredKeys: ['id', 'source', 'request', 'timings', 'masked', 'requestBodyStatus', 'responseBodyStatus'],
  },
);

const v = fc.constant(1 as const);
const member = fc.record(
  {
    id: frameId,
    userId: fc.string({ maxLength: 128 }),
    name,
    role: fc.constantFrom('developer', 'admin' as const),
    state: fc.constantFrom('active', 'idle', 'away' as const),
    focus: name,
  },
  { requiredKeys: ['id', 'userId', 'name', 'role', 'state'] },
);
const members = fc.array(member, { maxLength: 4 });

/** Any valid client → relay message. */
export const clientMessageArb: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record(
    {
      v,
      type: fc.constant('hello' as const),
      id: frameId,
      token: fc.string({ minLength: 1, maxLength: 200 }),
      client: fc.record({ name, version: name }),
    },
    { requiredKeys: ['v', 'type', 'client'] },
  ),
  fc.record(
    {
      v,
      type: fc.constant('subscribe' as const),
      id: frameId,
      session,
      resumeFrom: position,
      epoch: frameId,
    },
    { requiredKeys: ['v', 'type', 'session'] },
  ),
  fc.record(
    { v, type: fc.constant('unsubscribe' as const), id: frameId, session },
    { requiredKeys: ['v', 'type', 'session'] },
  ),
  fc.record(
    { v, type: fc.constant('publish' as const), id: frameId, session, exchange: maskedExchangeArb },
    { requiredKeys: ['v', 'type', 'session', 'exchange'] },
  ),
  fc.record(
    {
      v,
      type: fc.constant('presence' as const),
      id: frameId,
      session,
      state: fc.constantFrom('active', 'idle', 'away' as const),
      focus: name,
    },
    { requiredKeys: ['v', 'type', 'session', 'state'] },
  ),
  fc.record(
    {
      v,
      type: fc.constant('share-filter' as const),
      id: frameId,
      session,
      name,
      query: fc.string({ minLength: 1, maxLength: 1024 }),
    },
    { requiredKeys: ['v', 'type', 'session', 'name', 'query'] },
  ),
  fc.record(
    { v, type: fc.constant('ping' as const), id: frameId, nonce: text },
    { requiredKeys: ['v', 'type', 'nonce'] },
  ),
);

/** Any valid relay → client message. */
export const serverMessageArb: fc.Arbitrary<ServerMessage> = fc.oneof(
  fc.record(
    {
      v,
      type: fc.constant('welcome' as const),
      ref: frameId,
      connectionId: frameId,
      user: fc.record({
        id: fc.string({ maxLength: 128 }),
        name,
        role: fc.constantFrom('developer', 'admin' as const),
        partnerId: fc.string({ maxLength: 128 }),
      }),
      relay: fc.record({ name, version: name }),
    },
    { requiredKeys: ['v', 'type', 'connectionId', 'user'] },
  ),
  fc.record(
    {
      v,
      type: fc.constant('subscribed' as const),
      ref: frameId,
      session,
      epoch: frameId,
      head: position,
      members,
    },
    { requiredKeys: ['v', 'type', 'session', 'epoch', 'head', 'members'] },
  ),
  fc.record(
    { v, type: fc.constant('ack' as const), ref: frameId, session, seq },
    { requiredKeys: ['v', 'type', 'ref'] },
  ),
  fc.record({
    v,
    type: fc.constant('event' as const),
    session,
    seq,
    ts: fc.integer({ min: 0 }),
    kind: fc.constant('exchange' as const),
    exchange: maskedExchangeArb,
    sentBy: fc.record({ id: frameId, userId: fc.string({ maxLength: 128 }), name }),
  }),
  fc.record({
    v,
    type: fc.constant('gap' as const),
    session,
    from: seq,
    to: position,
    reason: fc.constantFrom('backlog-evicted', 'relay-restarted', 'backplane-lost', 'slow-consumer' as const),
  }),
  fc.record({ v, type: fc.constant('presence' as const), session, members }),
  fc.record({
    v,
    type: fc.constant('shared-filter' as const),
    session,
    name,
    query: fc.string({ minLength: 1, maxLength: 1024 }),
    sentBy: fc.record({ id: frameId, userId: fc.string({ maxLength: 128 }), name }),
  }),
  fc.record(
    {
      v,
      type: fc.constant('error' as const),
      ref: frameId,
      code: fc.stringMatching(/^[a-z][a-z0-9-]{0,63}$/),
      message: text,
      session,
      path: text,
    },
    { requiredKeys: ['v', 'type', 'code', 'message'] },
  ),
  fc.record(
    { v, type: fc.constant('pong' as const), ref: frameId, nonce: text },
    { requiredKeys: ['v', 'type', 'nonce'] },
  ),
);
