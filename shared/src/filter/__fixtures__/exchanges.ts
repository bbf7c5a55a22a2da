/** A small corpus of realistic Avvance exchanges for filter specs, keyed by a short name. */
import type { Exchange, ExchangeSource } from '../../model/exchange.ts';
import type { HeaderMap, ResponseLog } from '../../model/logs.ts';
import { buildSearchIndex } from '../search-index.ts';
import type { FilterTarget } from '../types.ts';

const API = 'https://alpha-api2.usbank.com';
const LOAN = `${API}/poslp/services/avvance-loan/v1`;
const GUID = '7b831e4d-3c2a-4f1e-9d7b-2a9c5e1f0b64';
const JSON_TYPE = 'application/json; charset=utf-8';

interface Spec {
  id: string;
  source: ExchangeSource;
  method: string;
  url: string;
  headers?: HeaderMap;
  body?: unknown;
  response?: Partial<ResponseLog> & { status: number; duration: number };
  replayOf?: string;
}

function exchange(spec: Spec): Exchange {
  const startedAt = Date.parse('2025-03-14T15:09:26.000Z');
  const request = {
    id: `corr-${spec.id}`,
    timestamp: new Date(startedAt).toISOString(),
    type: 'request' as const,
    method: spec.method,
    url: spec.url,
    headers: { 'correlation-id': `corr-${spec.id}`, 'partner-id': '7421', ...spec.headers },
    body: spec.body,
    partnerId: '7421',
    userId: '',
  };
  const r = spec.response;
  const response: ResponseLog | undefined =
    r === undefined
      ? undefined
      : {
          id: request.id,
          timestamp: new Date(startedAt + r.duration).toISOString(),
          type: 'response',
          method: spec.method,
          url: spec.url,
          headers: {},
          ...r,
        };
  return {
    id: spec.id,
    source: spec.source,
    request,
    response,
    timings: { startedAt },
    masked: true,
    requestBodyStatus: spec.body === undefined ? 'absent' : 'complete',
    responseBodyStatus: r?.body === undefined ? 'absent' : 'complete',
    ...(spec.replayOf === undefined ? {} : { replayOf: spec.replayOf }),
  };
}

/** The corpus, in a fixed order that spec tables list their expectations in. */
export const CORPUS = {
  create: exchange({
    id: 'create',
    source: 'proxy',
    method: 'POST',
    url: `${LOAN}/create`,
    headers: { 'content-type': 'application/json' },
    body: { partnerSessionId: 'ps-881', cart: { total: 1299.99, items: [{ sku: 'TV-55', qty: 1 }] } },
    response: {
      status: 201,
      duration: 640,
      headers: { 'content-type': JSON_TYPE },
      body: { applicationGUID: GUID, consumerOnboardingURL: '[Redacted]' },
    },
  }),
  loanStatus: exchange({
    id: 'loanStatus',
    source: 'page',
    method: 'GET',
    url: `${LOAN}/loan-status?applicationGUID=${GUID}`,
    response: {
      status: 400,
      duration: 95,
      headers: { 'content-type': JSON_TYPE },
      body: { code: 'AVV-400', message: 'Loan yet to be authorized' },
    },
  }),
  token: exchange({
    id: 'token',
    source: 'proxy',
    method: 'POST',
    url: `${API}/auth/oauth2/v1/token`,
    headers: { authorization: '[Redacted]', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    response: {
      status: 200,
      duration: 210,
      headers: { 'content-type': JSON_TYPE },
      body: { access_token: 'x'.repeat(1200), token_type: 'Bearer', expires_in: 3600 },
    },
  }),
  webhook: exchange({
    id: 'webhook',
    source: 'webhook',
    method: 'POST',
    url: 'http://localhost:8787/v1/webhooks/avvance',
    headers: { 'content-type': 'application/json' },
    body: {
      eventType: 'LOAN_STATUS_DETAILS',
      eventDetails: { applicationGUID: GUID, loanStatus: 'APPLICATION_APPROVED' },
    },
    response: { status: 200, duration: 12, headers: { 'content-type': 'text/plain' }, body: 'ok' },
  }),
  replay: exchange({
    id: 'replay',
    source: 'replay',
    replayOf: 'create',
    method: 'POST',
    url: `${LOAN}/create`,
    headers: { 'content-type': 'application/json', 'x-replay-of': 'create' },
    body: { partnerSessionId: 'ps-881', cart: { total: 1299.99 } },
    response: {
      status: 422,
      duration: 580,
      headers: { 'content-type': JSON_TYPE },
      body: { code: 'AVV-422', message: 'Invalid mobile phone' },
    },
  }),
  networkError: exchange({
    id: 'networkError',
    source: 'page',
    method: 'GET',
    url: 'https://api2.usbank.com/poslp/services/avvance-loan/v1/notification-status',
    response: { status: 0, duration: 3, error: 'net::ERR_CONNECTION_REFUSED' },
  }),
  pending: exchange({
    id: 'pending',
    source: 'popup',
    method: 'POST',
    url: `${LOAN}/void`,
    body: { applicationGUID: GUID },
  }),
} as const satisfies Record<string, Exchange>;

/** Names of the corpus exchanges, in corpus order. */
export type CorpusName = keyof typeof CORPUS;

/** Corpus names in order. */
export const NAMES = Object.keys(CORPUS) as CorpusName[];

const FLOWS: Partial<Record<CorpusName, string>> = {
  create: `applicationGUID:${GUID}`,
  loanStatus: `applicationGUID:${GUID}`,
  webhook: `applicationGUID:${GUID}`,
  replay: `applicationGUID:${GUID}`,
  token: 'correlationId:corr-token',
};

/** Filter targets with precomputed search indexes and flow ids. */
export const TARGETS: Record<CorpusName, FilterTarget> = Object.fromEntries(
  NAMES.map((name) => {
    const flowId = FLOWS[name];
    const target: FilterTarget = { exchange: CORPUS[name], searchIndex: buildSearchIndex(CORPUS[name]) };
    return [name, flowId === undefined ? target : { ...target, flowId }];
  }),
) as Record<CorpusName, FilterTarget>;
