import { describe, expect, it } from 'vitest';
import { exchange, RELAY, SANDBOX } from './__tests__/journey.ts';
import { extractCorrelationKeys } from './extract-keys.ts';
import { cleanIdValue, joinNodeOf, traceIdFromTraceparent } from './id-keys.ts';
import { walkBody } from './walk-body.ts';

const GUID = '7b831e4d-cfc7-4215-bad4-11a88eff8090';
const PSID = '77ebbf62-2869-4953-9302-a1bf46c6e112';

describe('extractCorrelationKeys', () => {
  it('reads Avvance headers with any casing, and traceparent trace-id only', () => {
    const keys = extractCorrelationKeys(
      exchange({
        id: 'e1',
        url: `${RELAY}/poslp/services/avvance-loan/v1/notification-status`,
        at: 0,
        requestHeaders: {
          'Correlation-ID': 'c0ffee00-2869-4953-9302-a1bf46c6e112',
          'x-request-id': 'req-123456',
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          'PartnerSession-ID': PSID,
          notificationId: GUID,
          'session-id': 'ignored-session-0001',
        },
        responseHeaders: { 'x-correlation-id': 'resp-corr-1' },
      }),
    );
    expect(keys).toEqual([
      {
        kind: 'correlationId',
        value: 'c0ffee00-2869-4953-9302-a1bf46c6e112',
        where: 'request.header:correlation-id',
      },
      { kind: 'requestId', value: 'req-123456', where: 'request.header:x-request-id' },
      { kind: 'traceId', value: '4bf92f3577b34da6a3ce929d0e0e4736', where: 'request.header:traceparent' },
      { kind: 'partnerSessionId', value: PSID, where: 'request.header:partnersession-id' },
      { kind: 'applicationGUID', value: GUID, where: 'request.header:notificationid' },
      { kind: 'correlationId', value: 'resp-corr-1', where: 'response.header:x-correlation-id' },
    ]);
  });

  it('finds business ids at any depth, in JSON strings and form bodies, deduplicated', () => {
    const keys = extractCorrelationKeys(
      exchange({
        id: 'e2',
        method: 'POST',
        url: 'http://localhost:3000/api/avvance/event',
        at: 0,
        requestBody: {
          wrapper: {
            payload: JSON.stringify({ eventDetails: { applicationGUID: GUID, partner_session_id: PSID } }),
          },
          list: [{ PAYMENT_TRANSACTION_ID: '56F478UI89' }, { shoppingCartId: 'cart-0000-1' }],
          preApprovalRequestID: 'pre-approval-1',
          again: { applicationguid: GUID },
          notAnId: { applicationGUID: { nested: true } },
        },
        responseBody: 'partnerSessionId=form-session-1&x=1',
      }),
    );
    expect(keys).toEqual([
      {
        kind: 'applicationGUID',
        value: GUID,
        where: 'request.body:wrapper.payload.eventDetails.applicationGUID',
      },
      {
        kind: 'partnerSessionId',
        value: PSID,
        where: 'request.body:wrapper.payload.eventDetails.partner_session_id',
      },
      {
        kind: 'paymentTransactionId',
        value: '56F478UI89',
        where: 'request.body:list[0].PAYMENT_TRANSACTION_ID',
      },
      { kind: 'preApprovalRequestId', value: 'pre-approval-1', where: 'request.body:preApprovalRequestID' },
      { kind: 'partnerSessionId', value: 'form-session-1', where: 'response.body:partnerSessionId' },
    ]);
  });

  it('reads shoppingCartId as the pre-approval request id only on preapproval-offers', () => {
    const offers = (url: string) =>
      extractCorrelationKeys(
        exchange({
          id: 'po',
          method: 'POST',
          url,
          at: 0,
          requestBody: { shoppingCartId: 'pre-0001-abc', merchantId: '435523232323' },
        }),
      );
    expect(offers(`${RELAY}/poslp/services/avvance-loan/v1/preapproval-offers`)).toEqual([
      { kind: 'preApprovalRequestId', value: 'pre-0001-abc', where: 'request.body:shoppingCartId' },
    ]);
    expect(offers(`${RELAY}/poslp/services/avvance-loan/v1/preapproval-offers?page=2`)).toHaveLength(1);
    expect(offers('http://localhost:3000/api/avvance/cart')).toEqual([]);
  });

  it('reads the hosted page guid, id-named query params, and sandbox control-plane paths', () => {
    const hosted = extractCorrelationKeys(
      exchange({ id: 'h', url: `${SANDBOX}/usl/avvance-installment-loans?guid=${GUID}`, at: 0 }),
    );
    expect(hosted).toEqual([{ kind: 'applicationGUID', value: GUID, where: 'request.query:guid' }]);
    const other = extractCorrelationKeys(exchange({ id: 'o', url: `${SANDBOX}/other?guid=${GUID}`, at: 0 }));
    expect(other).toEqual([]);
    const query = extractCorrelationKeys(
      exchange({ id: 'q', url: `http://x/api/avvance/status?applicationGUID=${GUID}`, at: 0 }),
    );
    expect(query).toEqual([{ kind: 'applicationGUID', value: GUID, where: 'request.query:applicationGUID' }]);
    const control = extractCorrelationKeys(
      exchange({ id: 'c', method: 'POST', url: `${SANDBOX}/sandbox/v1/applications/${GUID}/accept`, at: 0 }),
    );
    expect(control).toEqual([
      { kind: 'applicationGUID', value: GUID, where: 'request.url:sandbox/v1/applications' },
    ]);
    const pre = extractCorrelationKeys(
      exchange({ id: 'p', method: 'POST', url: `${RELAY}/sandbox/v1/preapprovals/pre%2Did-1/submit`, at: 0 }),
    );
    expect(pre).toEqual([
      { kind: 'preApprovalRequestId', value: 'pre-id-1', where: 'request.url:sandbox/v1/preapprovals' },
    ]);
    const bad = extractCorrelationKeys(
      exchange({ id: 'b', url: `${SANDBOX}/sandbox/v1/applications/%E0%A4x1/a`, at: 0 }),
    );
    expect(bad).toEqual([
      { kind: 'applicationGUID', value: '%E0%A4x1', where: 'request.url:sandbox/v1/applications' },
    ]);
  });

  it('uses the exchange query map when present and ignores relative URLs', () => {
    const ex = exchange({ id: 'q2', url: 'http://x/api/avvance/status', at: 0 });
    ex.request.query = { partnerSessionId: PSID };
    expect(extractCorrelationKeys(ex)).toEqual([
      { kind: 'partnerSessionId', value: PSID, where: 'request.query:partnerSessionId' },
    ]);
    expect(extractCorrelationKeys(exchange({ id: 'r', url: '/relative?guid=abcdefgh', at: 0 }))).toEqual([]);
  });

  it('drops empty, tiny, huge, placeholder and repeated-character values', () => {
    const keys = extractCorrelationKeys(
      exchange({
        id: 'e3',
        url: 'http://x/y',
        at: 0,
        requestHeaders: { 'correlation-id': '', 'x-request-id': 'x'.repeat(200) },
        requestBody: {
          a: { applicationGUID: '00000000-0000-0000-0000-000000000000' },
          b: { partnerSessionId: 'null' },
          c: { paymentTransactionId: 'abc' },
          d: { paymentTransactionId: 12345678 },
          e: { applicationGUID: 'has space here' },
        },
      }),
    );
    expect(keys).toEqual([
      { kind: 'paymentTransactionId', value: '12345678', where: 'request.body:d.paymentTransactionId' },
    ]);
  });
});

describe('id helpers', () => {
  it('cleanIdValue', () => {
    expect(cleanIdValue('  abcdef  ')).toBe('abcdef');
    expect(cleanIdValue(1.5)).toBeNull();
    expect(cleanIdValue(true)).toBeNull();
    expect(cleanIdValue('ééééééé')).toBeNull();
  });

  it.each([
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra', null],
    ['ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', null],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', null],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', null],
    ['00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01', null],
    ['garbage', null],
  ])('traceparent %s → %s', (header, expected) => {
    expect(traceIdFromTraceparent(header)).toBe(expected);
  });

  it('joins UUIDs across kinds and case, other ids only within their kind', () => {
    expect(joinNodeOf('correlationId', PSID.toUpperCase())).toBe(joinNodeOf('partnerSessionId', PSID));
    expect(joinNodeOf('paymentTransactionId', '56F478UI89')).not.toBe(joinNodeOf('requestId', '56F478UI89'));
  });

  it('walkBody stops at the depth and node caps and ignores huge or broken embedded text', () => {
    let deep: unknown = { applicationGUID: GUID };
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const found: string[] = [];
    walkBody(deep, (_k, v) => found.push(String(v)));
    expect(found).toEqual([]);
    const wide = Array.from({ length: 20_000 }, (_v, i) => ({ partnerSessionId: `session-${i}` }));
    walkBody(wide, (_k, v) => found.push(String(v)));
    expect(found.length).toBeLessThan(10_000);
    found.length = 0;
    walkBody(`{"applicationGUID":"${GUID}"${' '.repeat(300_000)}}`, (_k, v) => found.push(String(v)));
    walkBody('{not json', (_k, v) => found.push(String(v)));
    walkBody({ nested: 'a=b&applicationGUID=abcdefgh' }, (_k, v) => found.push(String(v)));
    expect(found).toEqual([]);
  });
});
