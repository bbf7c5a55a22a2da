import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../model/exchange.ts';
import { exchange, fullJourney, loanStatusWebhook, RELAY, uuid } from './__tests__/journey.ts';
import { FlowIndex } from './flow-index.ts';

function partition(index: FlowIndex): string[][] {
  return index
    .flows()
    .map((f) => [...f.exchangeIds].sort())
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

describe('FlowIndex', () => {
  it('joins a full journey from page, proxy and webhook sources into one flow', () => {
    const index = new FlowIndex();
    const journey = fullJourney('j', 1_000);
    for (const ex of journey) index.add(ex);
    expect(index.size).toBe(1);
    const [flow] = index.flows();
    expect(flow?.exchangeIds).toEqual(journey.map((e) => e.id));
    expect(flow?.state).toBe('refund-in-progress');
    expect(flow?.label).toMatch(/^application 7b831e4d…$/);
    expect(flow?.expectedNext[0]).toContain('wait for the refund');
    expect(flow?.startedAt).toBe(1_000);
    expect(flow?.lastAt).toBe(1_080);
    expect(flow?.errorCount).toBe(0);
    expect(new Set(flow?.keys.map((k) => k.kind))).toEqual(
      new Set(['correlationId', 'traceId', 'applicationGUID', 'partnerSessionId', 'paymentTransactionId']),
    );
    for (const ex of journey) expect(index.flowOf(ex.id)).toBe(flow?.id);
  });

  it('keeps two journeys apart, and a lone per-call Correlation-ID is a single-exchange flow', () => {
    const index = new FlowIndex();
    const a = fullJourney('a', 0);
    const b = fullJourney('b', 10);
    const token = exchange({
      id: 'lone-token',
      method: 'POST',
      url: `${RELAY}/auth/oauth2/v1/token`,
      at: 5,
      requestHeaders: { 'correlation-id': uuid() },
    });
    for (const ex of [...a, token, ...b]) index.add(ex);
    expect(index.size).toBe(3);
    const lone = index.get(index.flowOf('lone-token')!);
    expect(lone?.exchangeIds).toEqual(['lone-token']);
    expect(lone?.id).toMatch(/^correlationId:/);
    expect(lone?.label).toBe('POST /token');
    expect(lone?.expectedNext).toEqual([]);
    expect(index.flows().map((f) => f.startedAt)).toEqual([0, 5, 10]);
  });

  it('merges two flows when an exchange bridges them, and reports it', () => {
    const index = new FlowIndex();
    const guid = uuid();
    const psid = uuid();
    const bySession = exchange({
      id: 'loan-status',
      url: `${RELAY}/poslp/services/avvance-loan/v1/loan-status`,
      at: 30,
      requestHeaders: { 'partnersession-id': psid },
      status: 400,
      responseBody: { error: { code: '400.44010.4130', message: 'Loan yet to be authorized' } },
    });
    const byGuid = exchange({
      id: 'hosted',
      url: `http://x/usl/avvance-installment-loans?guid=${guid}`,
      at: 20,
    });
    const first = index.add(bySession);
    expect(first).toMatchObject({ created: true, merged: [], stateChanged: false });
    expect(first.flow.expectedNext[0]).toContain('create the application');
    index.add(byGuid);
    expect(index.size).toBe(2);
    const bridge = index.add(
      loanStatusWebhook('wh', 40, { applicationGUID: guid, partnerSessionId: psid }, 'APPLICATION_STARTED'),
    );
    expect(index.size).toBe(1);
    expect(bridge.created).toBe(false);
    expect(bridge.merged).toHaveLength(1);
    expect(bridge.stateChanged).toBe(true);
    expect(bridge.flow.state).toBe('started');
    expect(bridge.flow.exchangeIds).toEqual(['loan-status', 'hosted', 'wh']);
    expect(bridge.flow.errorCount).toBe(1);
    expect(bridge.flow.startedAt).toBe(20);
    expect(bridge.flow.label).toMatch(/^application /);
    expect(index.get(bridge.merged[0]!)).toBeUndefined();
  });

  it('joins replays to their original, whichever arrives first', () => {
    const index = new FlowIndex();
    const original = fullJourney('o', 0)[2]!;
    const replay: Exchange = {
      ...exchange({ id: 'replay-1', method: 'POST', url: `${RELAY}/v1/replay`, at: 99 }),
      replayOf: original.id,
      source: 'replay',
    };
    index.add(replay);
    expect(index.flowOf('replay-1')).toBe('exchange:replay-1');
    index.add(original);
    expect(index.size).toBe(1);
    expect(index.flowOf('replay-1')).toBe(index.flowOf(original.id));
    expect(index.flowOf('never-added')).toBeUndefined();
  });

  it('never moves state back when an older webhook arrives late', () => {
    const index = new FlowIndex();
    const ids = { applicationGUID: uuid(), partnerSessionId: uuid() };
    index.add(loanStatusWebhook('auth', 300, ids, 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED'));
    const late = index.add(loanStatusWebhook('started', 100, ids, 'APPLICATION_STARTED'));
    expect(late.flow.state).toBe('authorized');
    expect(late.stateChanged).toBe(false);
    const redelivered = index.add(loanStatusWebhook('started-again', 400, ids, 'APPLICATION_STARTED'));
    expect(redelivered.flow.state).toBe('authorized');
    const settled = index.add(loanStatusWebhook('settled', 500, ids, 'INVOICE_PAYMENT_TRANSACTION_SETTLED'));
    expect(settled.flow.state).toBe('settled');
    expect(settled.flow.expectedNext).toEqual(['refund (full or partial)']);
    const denied = index.add(
      loanStatusWebhook('denied', 600, ids, 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT'),
    );
    expect(denied.flow.state).toBe('settled');
  });

  it('derives created, voided and loan-status states, and updates an in-flight exchange in place', () => {
    const index = new FlowIndex();
    const psid = uuid();
    const create = (pending: boolean) =>
      exchange({
        id: 'create',
        method: 'POST',
        url: `${RELAY}/poslp/services/avvance-loan/v1/create`,
        at: 0,
        requestBody: { partnerSessionId: psid },
        status: 201,
        responseBody: { applicationGUID: uuid() },
        pending,
      });
    expect(index.add(create(true)).flow.state).toBe('unknown');
    const done = index.add(create(false));
    expect(done).toMatchObject({ created: false, stateChanged: true });
    expect(done.flow.state).toBe('created');
    expect(done.flow.exchangeIds).toEqual(['create']);
    expect(done.flow.expectedNext[0]).toContain('consumerOnboardingURL');
    const loan = index.add(
      exchange({
        id: 'loan',
        url: `${RELAY}/poslp/services/avvance-loan/v1/loan-status`,
        at: 10,
        requestHeaders: { 'partnersession-id': psid },
        responseBody: { loanStatus: 'authorized' },
      }),
    );
    expect(loan.flow.state).toBe('authorized');
    const voided = index.add(
      exchange({
        id: 'void',
        method: 'POST',
        url: `${RELAY}/poslp/services/avvance-loan/v1/void`,
        at: 20,
        requestBody: { partnerSessionId: psid },
        status: 201,
      }),
    );
    expect(voided.flow.state).toBe('voided');
    // The response of an exchange turns into an error later: errorCount follows, no duplicates.
    const failed = index.add(
      exchange({
        id: 'void',
        method: 'POST',
        url: `${RELAY}/poslp/services/avvance-loan/v1/void`,
        at: 20,
        requestBody: { partnerSessionId: psid },
        status: 500,
      }),
    );
    expect(failed.flow.errorCount).toBe(1);
    expect(failed.flow.state).toBe('authorized');
    expect(failed.flow.exchangeIds).toEqual(['create', 'loan', 'void']);
  });

  it('labels pre-approval flows and says what comes next', () => {
    const index = new FlowIndex();
    const update = index.add(
      exchange({
        id: 'pre',
        method: 'POST',
        url: `${RELAY}/poslp/services/pre-approval/v1/create`,
        at: 0,
        status: 201,
        responseBody: { preApprovalOnboardingURL: 'https://x', preApprovalRequestID: 'pre-0001-abc' },
      }),
    );
    expect(update.flow.id).toBe('preApprovalRequestId:pre-0001-abc');
    expect(update.flow.label).toBe('pre-approval pre-0001…');
    expect(update.flow.expectedNext[0]).toContain('PRE_APPROVAL_LEADS');
  });

  it('clear() forgets everything; 10,000 exchanges are handled', () => {
    const index = new FlowIndex();
    for (let i = 0; i < 1_000; i++) for (const ex of fullJourney(`p${i}`, i * 100)) index.add(ex);
    expect(index.size).toBe(1_000);
    expect(index.flows().every((f) => f.exchangeIds.length === 10 && f.state === 'refund-in-progress')).toBe(
      true,
    );
    index.clear();
    expect(index.size).toBe(0);
    expect(index.flows()).toEqual([]);
  });

  it('handles one giant flow built by bridging many small ones', () => {
    const index = new FlowIndex();
    const psid = uuid();
    for (let i = 0; i < 5_000; i++) {
      index.add(
        exchange({ id: `s${i}`, url: `http://x/api/avvance/a?applicationGUID=guid-${i}-xyz`, at: i }),
      );
    }
    for (let i = 0; i < 5_000; i++) {
      index.add(
        exchange({
          id: `b${i}`,
          url: `http://x/api/avvance/a?applicationGUID=guid-${i}-xyz&partnerSessionId=${psid}`,
          at: 10_000 + i,
        }),
      );
    }
    expect(index.size).toBe(1);
    const [flow] = index.flows();
    expect(flow?.exchangeIds).toHaveLength(10_000);
    expect(flow?.exchangeIds[0]).toBe('s0');
    expect(flow?.exchangeIds[5_000]).toBe('b0');
  });
});

describe('FlowIndex partition is order-independent (property)', () => {
  const pool = [
    'aaaaaa-1',
    'bbbbbb-2',
    'cccccc-3',
    'dddddd-4',
    'eeeeee-5',
    'ffffff-6',
    'gggggg-7',
    'hhhhhh-8',
  ];
  const arbSpec = fc.record({
    session: fc.option(fc.constantFrom(...pool), { nil: undefined }),
    guid: fc.option(fc.constantFrom(...pool), { nil: undefined }),
    corr: fc.option(fc.constantFrom(...pool), { nil: undefined }),
    replayOf: fc.option(fc.nat(19), { nil: undefined }),
    status: fc.option(
      fc.constantFrom(
        'APPLICATION_STARTED',
        'APPLICATION_APPROVED',
        'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
        'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
      ),
      { nil: undefined },
    ),
  });

  type Spec = typeof arbSpec extends fc.Arbitrary<infer T> ? T : never;

  function build(specs: Spec[]): Exchange[] {
    return specs.map((s, i) => {
      const ex = exchange({
        id: `e${i}`,
        method: 'POST',
        url: 'http://x/api/avvance/x',
        at: i,
        requestHeaders: s.corr === undefined ? {} : { 'correlation-id': s.corr },
        requestBody: {
          ...(s.session === undefined ? {} : { partnerSessionId: s.session }),
          eventDetails: {
            ...(s.guid === undefined ? {} : { applicationGUID: s.guid }),
            ...(s.status === undefined ? {} : { loanStatus: { status: s.status } }),
          },
        },
      });
      if (s.replayOf !== undefined) ex.replayOf = `e${s.replayOf}`;
      return ex;
    });
  }

  it('same partition and states for any arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(arbSpec, { minLength: 1, maxLength: 20 }).chain((specs) =>
          fc.tuple(
            fc.constant(specs),
            fc.shuffledSubarray(
              specs.map((_s, i) => i),
              { minLength: specs.length },
            ),
          ),
        ),
        ([specs, order]) => {
          const exchanges = build(specs);
          const inOrder = new FlowIndex();
          for (const ex of exchanges) inOrder.add(ex);
          const shuffled = new FlowIndex();
          for (const i of order) shuffled.add(exchanges[i]!);
          expect(partition(shuffled)).toEqual(partition(inOrder));
          const stateOf = (index: FlowIndex) => exchanges.map((e) => index.get(index.flowOf(e.id)!)?.state);
          expect(stateOf(shuffled)).toEqual(stateOf(inOrder));
        },
      ),
      { numRuns: 300 },
    );
  });
});
