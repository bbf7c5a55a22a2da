import type { Exchange } from '../../model/exchange.ts';
import type { ClientMessage } from '../client-messages.ts';
import type { ServerMessage } from '../server-messages.ts';

export const maskedExchange = {
  id: 'ex-1',
  source: 'page',
  request: {
    id: '77ebbf62-2869-4953-9302-a1bf46c6e112',
    timestamp: '2025-11-25T12:00:00.000Z',
    type: 'request',
    method: 'POST',
    url: 'https://sandbox.example/poslp/services/avvance-loan/v1/create',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ••••#a1f3' },
    body: { consumer: { email: '••••@••••#77c2' }, amount: 1200.5 },
    partnerId: 'partner-org-name',
    userId: 'dev-1',
  },
  response: {
    id: '77ebbf62-2869-4953-9302-a1bf46c6e112',
    timestamp: '2025-11-25T12:00:00.250Z',
    type: 'response',
    method: 'POST',
    url: 'https://sandbox.example/poslp/services/avvance-loan/v1/create',
    status: 201,
    duration: 250,
    headers: { 'content-type': 'application/json' },
    body: { applicationGUID: '7b831e4d-8f2c-4c55-9a4c-4cf1e0f1b0aa' },
  },
  timings: { startedAt: 1764072000000, wait: 200, receive: 50 },
  masked: true,
  requestBodyStatus: 'complete',
  responseBodyStatus: 'complete',
} as const satisfies Exchange;

const member = {
  id: 'c-1',
  userId: 'u-1',
  name: 'Ada',
  role: 'developer',
  state: 'active',
} as const;

/** One valid example of every client message type. */
export const clientExamples: Record<ClientMessage['type'], ClientMessage> = {
  hello: {
    v: 1,
    type: 'hello',
    id: 'h1',
    token: 'eyJhbGciOi…',
    client: { name: 'avvance-panel', version: '0.1.0' },
  },
  subscribe: { v: 1, type: 'subscribe', id: 's1', session: 'team-42', resumeFrom: 17, epoch: 'e-9f2' },
  unsubscribe: { v: 1, type: 'unsubscribe', session: 'team-42' },
  publish: { v: 1, type: 'publish', id: 'p1', session: 'team-42', exchange: maskedExchange },
  presence: { v: 1, type: 'presence', session: 'team-42', state: 'idle', focus: 'ex-1' },
  'share-filter': {
    v: 1,
    type: 'share-filter',
    id: 'f1',
    session: 'team-42',
    name: 'Failed creates',
    query: 'status:5xx path:create',
  },
  ping: { v: 1, type: 'ping', id: 'n1', nonce: '1764072000000' },
};

/** One valid example of every server message type. */
export const serverExamples: Record<ServerMessage['type'], ServerMessage> = {
  welcome: {
    v: 1,
    type: 'welcome',
    ref: 'h1',
    connectionId: 'c-1',
    user: { id: 'u-1', name: 'Ada', role: 'developer', partnerId: 'partner-org-name' },
    relay: { name: 'avvance-relay', version: '0.1.0' },
  },
  subscribed: {
    v: 1,
    type: 'subscribed',
    ref: 's1',
    session: 'team-42',
    epoch: 'e-9f2',
    head: 20,
    members: [member],
  },
  ack: { v: 1, type: 'ack', ref: 'p1', session: 'team-42', seq: 21 },
  event: {
    v: 1,
    type: 'event',
    session: 'team-42',
    seq: 21,
    ts: 1764072000300,
    kind: 'exchange',
    exchange: maskedExchange,
    sentBy: { id: 'c-1', userId: 'u-1', name: 'Ada' },
  },
  gap: { v: 1, type: 'gap', session: 'team-42', from: 18, to: 19, reason: 'backlog-evicted' },
  'shared-filter': {
    v: 1,
    type: 'shared-filter',
    session: 'team-42',
    name: 'Failed creates',
    query: 'status:5xx path:create',
    sentBy: { id: 'c-1', userId: 'u-1', name: 'Ada' },
  },
  presence: {
    v: 1,
    type: 'presence',
    session: 'team-42',
    members: [member, { ...member, id: 'c-2', state: 'away' }],
  },
  error: {
    v: 1,
    type: 'error',
    ref: 'p1',
    code: 'not-subscribed',
    message: 'subscribe first',
    session: 'team-42',
  },
  pong: { v: 1, type: 'pong', ref: 'n1', nonce: '1764072000000' },
};
