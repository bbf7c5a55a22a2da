// The optimised FlowIndex and key extraction (issue 8, benchmark 4) must behave exactly like the
// implementation they replaced, kept frozen in __tests__/oracle/: same updates after every add, same flows,
// same keys, same walk. Generated exchanges aim at the edges: upserts, replays of unknown ids, UUIDs in
// two letter cases and across kinds, ids at any depth and inside JSON strings and form bodies, states
// arriving out of order, tied timestamps.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../model/exchange.ts';
import { fullJourney } from './__tests__/journey.ts';
import { extractCorrelationKeys as oldExtract } from './__tests__/oracle/extract-keys.ts';
import { FlowIndex as OldFlowIndex } from './__tests__/oracle/flow-index.ts';
import { exchangeLabel as oldExchangeLabel } from './__tests__/oracle/flow-label.ts';
import { walkBody as oldWalkBody } from './__tests__/oracle/walk-body.ts';
import { extractCorrelationKeys } from './extract-keys.ts';
import { FlowIndex, type FlowUpdate } from './flow-index.ts';
import { exchangeLabel } from './flow-label.ts';
import { APPLICATION_STATES } from './states.ts';
import { MAX_WALK_DEPTH, MAX_WALK_NODES, walkBody } from './walk-body.ts';

const UUID_A = '7b831e4d-cfc7-4215-bad4-00000000000a';
const UUID_B = '7b831e4d-cfc7-4215-bad4-00000000000b';
const VALUES = [
  UUID_A,
  UUID_A.toUpperCase(),
  UUID_B,
  ` ${UUID_B} `,
  'sess-000001',
  'sess-000002',
  'guid-abcdef',
  'pre-0001-abc',
  'abc', // too short
  'null', // placeholder
  '000000', // one repeated character
  'x'.repeat(200), // too long
  12345678,
  12,
];
const KEY_NAMES = [
  'applicationGUID',
  'application_guid',
  'PartnerSessionId',
  'partner-session-id',
  'preApprovalRequestID',
  'paymentTransactionId',
  'shoppingCartId',
  'eventDetails',
  'loanStatus',
  'status',
  'consumerOnboardingURL',
  'note',
  '',
];
const WEBHOOK = APPLICATION_STATES.flatMap((s) => s.webhookStatuses);
const LOAN = APPLICATION_STATES.flatMap((s) => s.loanStatuses);
const IDS = Array.from({ length: 10 }, (_, i) => `e${i}`);

const value = fc.constantFrom(...VALUES);
const text = fc.constantFrom(...VALUES.filter((v) => typeof v === 'string'), ...WEBHOOK, ...LOAN, 'http://x');

const body: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    value,
    text,
    fc.constantFrom(true, null, 3.5),
    fc.dictionary(fc.constantFrom(...KEY_NAMES), tie('node'), { maxKeys: 4 }),
    fc.array(tie('node'), { maxLength: 3 }),
    // JSON inside a string (sometimes padded), and form text.
    tie('node').map((v) => JSON.stringify(v) ?? 'null'),
    tie('node').map((v) => ` \n${JSON.stringify({ eventDetails: v })}\u00a0`),
    fc.tuple(fc.constantFrom(...KEY_NAMES), value).map(([k, v]) => `${k}=${String(v)}&a=b`),
  ),
})).node;

const webhookBody = fc
  .record({ guid: value, status: fc.constantFrom(...WEBHOOK, 'NOPE') })
  .map(({ guid, status }) => ({ eventDetails: { applicationGUID: guid, loanStatus: { status } } }));
const loanBody = fc
  .record({ guid: value, status: fc.constantFrom(...LOAN) })
  .map(({ guid, status }) => ({ applicationGUID: guid, loanStatus: status }));

const url = fc.oneof(
  fc.constantFrom(
    'https://h/poslp/services/avvance-loan/v1/create',
    'https://h/poslp/services/avvance-loan/v1/void',
    'https://h/poslp/services/avvance-loan/v1/refund/',
    'https://h/poslp/services/avvance-loan/v1/preapproval-offers?x=1',
    'https://h/poslp/services/avvance-loan/v1/products',
    'not a url',
    '/relative/path',
  ),
  value.map((v) => `https://h/usl/avvance-installment-loans?guid=${encodeURIComponent(String(v))}`),
  value.map((v) => `http://127.0.0.1:4010/sandbox/v1/applications/${encodeURIComponent(String(v))}/expire`),
  value.map((v) => `http://127.0.0.1:4010/sandbox/v1/preapprovals/${String(v)}%`),
  fc.tuple(value, value).map(([a, b]) => `https://h/x?applicationGUID=${a}&partner_session_id=${b}`),
);

const headers = fc.dictionary(
  fc.constantFrom(
    'correlation-id',
    'X-Correlation-ID',
    'x-request-id',
    'PartnerSession-ID',
    'notificationId',
    'session-id',
    'content-type',
    'traceparent',
  ),
  fc.oneof(
    value.map(String),
    fc.constantFrom(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01',
      'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      '00-00000000000000000000000000000000-b7ad6b7169203331-01',
    ),
  ),
  { maxKeys: 3 },
);

const exchangeArb: fc.Arbitrary<Exchange> = fc
  .record({
    id: fc.constantFrom(...IDS),
    url,
    query: fc.option(
      fc.dictionary(fc.constantFrom(...KEY_NAMES, 'guid'), value.map(String), { maxKeys: 2 }),
      {
        nil: undefined,
      },
    ),
    method: fc.constantFrom('GET', 'POST'),
    requestHeaders: headers,
    requestBody: fc.option(fc.oneof(body, webhookBody), { nil: undefined }),
    at: fc.integer({ min: 0, max: 20 }),
    response: fc.option(
      fc.record({
        status: fc.constantFrom(200, 201, 204, 400, 404, 500),
        error: fc.option(fc.constant('net::ERR_FAILED'), { nil: undefined }),
        headers,
        body: fc.option(fc.oneof(body, webhookBody, loanBody), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    replayOf: fc.option(fc.constantFrom(...IDS, 'never-added'), { nil: undefined }),
  })
  .map((s) => {
    const ex: Exchange = {
      id: s.id,
      source: 'page',
      request: {
        id: s.id,
        timestamp: new Date(s.at).toISOString(),
        type: 'request',
        method: s.method,
        url: s.url,
        headers: s.requestHeaders,
        partnerId: 'p',
        userId: '',
        ...(s.query === undefined ? {} : { query: s.query }),
        ...(s.requestBody === undefined ? {} : { body: s.requestBody }),
      },
      timings: { startedAt: s.at },
      masked: true,
      requestBodyStatus: 'complete',
      responseBodyStatus: 'complete',
    };
    if (s.response !== undefined) {
      ex.response = {
        id: s.id,
        timestamp: new Date(s.at + 1).toISOString(),
        type: 'response',
        method: s.method,
        url: s.url,
        status: s.response.status,
        duration: 1,
        headers: s.response.headers,
        ...(s.response.error === undefined ? {} : { error: s.response.error }),
        ...(s.response.body === undefined ? {} : { body: s.response.body }),
      };
    }
    if (s.replayOf !== undefined) ex.replayOf = s.replayOf;
    return ex;
  });

/** Everything observable about an update, key order included (JSON, as the panel and HAR export see it). */
function snapshot(update: FlowUpdate): string {
  return JSON.stringify(update);
}

/** Adds the same exchanges to both indexes and compares every update, then every read. */
function expectSame(exchanges: readonly Exchange[], clearAt = -1, readAt = -1): void {
  const now = new FlowIndex();
  const old = new OldFlowIndex();
  const flowIds = new Set<string>();
  exchanges.forEach((ex, i) => {
    if (i === clearAt) {
      now.clear();
      old.clear();
    }
    const a = now.add(ex);
    const b = old.add(ex);
    expect(snapshot(a)).toBe(snapshot(b));
    flowIds.add(a.flow.id);
    // Reads in the middle (the flow index by id is built at the first get, then kept up to date).
    if (i === readAt) for (const id of flowIds) expect(now.get(id)?.id).toBe(old.get(id)?.id);
  });
  expect(now.size).toBe(old.size);
  expect(JSON.stringify(now.flows())).toBe(JSON.stringify(old.flows()));
  for (const id of [...IDS, 'never-added', ...exchanges.map((e) => e.id)]) {
    expect(now.flowOf(id)).toBe(old.flowOf(id));
  }
  for (const id of flowIds) expect(JSON.stringify(now.get(id))).toBe(JSON.stringify(old.get(id)));
}

describe('FlowIndex equals the previous implementation (oracle)', () => {
  it('on generated exchange sequences, after every add and in every read', () => {
    fc.assert(
      fc.property(
        fc.array(exchangeArb, { minLength: 1, maxLength: 30 }),
        fc.nat(30),
        (exchanges, clearAt) => {
          expectSame(exchanges);
          expectSame(exchanges, clearAt, (clearAt * 7) % 30);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on interleaved full journeys (bridges, replays, late webhooks)', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...fullJourney('a', 0), ...fullJourney('b', 5), ...fullJourney('a', 3)], {
          minLength: 1,
        }),
        (exchanges) => expectSame(exchanges),
      ),
      { numRuns: 100 },
    );
  });

  it('extracts the same keys, and walks bodies the same way, limits included', () => {
    fc.assert(
      fc.property(exchangeArb, (ex) => {
        expect(extractCorrelationKeys(ex)).toEqual(oldExtract(ex));
      }),
      { numRuns: 1000 },
    );
    for (const u of ['', '/', '//', 'abc', 'a/b//', 'https://h', 'https://h/a//b/', 'https://h/x?y=/z#/w']) {
      const ex = fullJourney('label', 0)[0]!;
      ex.request.url = u;
      expect(exchangeLabel(ex)).toBe(oldExchangeLabel(ex));
    }
    const deep: Record<string, unknown> = { applicationGUID: UUID_A };
    let cursor = deep;
    for (let i = 0; i < MAX_WALK_DEPTH + 3; i++) {
      const next: Record<string, unknown> = { partnerSessionId: `sess-${String(i).padStart(6, '0')}` };
      cursor['child'] = [JSON.stringify({ x: 1 }), next, 7];
      cursor = next;
    }
    const wide = Array.from({ length: MAX_WALK_NODES + 10 }, (_, i) =>
      i % 1000 === 999 ? { paymentTransactionId: `pay-${i}-xyz` } : i,
    );
    // Values just below the depth limit are not counted against the node limit; the id at the end of
    // `wide` is found only if they are not.
    let belowLimit: unknown = Array.from({ length: MAX_WALK_NODES / 2 }, () => 1);
    for (let i = 0; i < MAX_WALK_DEPTH - 1; i++) belowLimit = { k: belowLimit };
    const countsDepth = {
      k: belowLimit,
      wide: Array.from({ length: MAX_WALK_NODES * 0.6 }, (_, i) =>
        i === MAX_WALK_NODES * 0.6 - 1 ? { paymentTransactionId: 'pay-last-1' } : i,
      ),
    };
    // biome-ignore lint/suspicious/noSparseArray: holes are skipped, not counted.
    const sparse = [, { applicationGUID: UUID_B }, , 'partnerSessionId=sess-000009'];
    for (const b of [
      deep,
      wide,
      countsDepth,
      sparse,
      { '': 'partnerSessionId=sess-000009' },
      'paymentTransactionId=pay-1234',
    ]) {
      const seen: unknown[][] = [];
      const seenOld: unknown[][] = [];
      walkBody(b, (...args) => seen.push(args));
      oldWalkBody(b, (...args) => seenOld.push(args));
      expect(seen.length).toBeGreaterThan(0);
      expect(seen).toEqual(seenOld);
    }
  });
});
