import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractCorrelationKeys } from '../correlate/extract-keys.ts';
import { FlowIndex } from '../correlate/flow-index.ts';
import { isAvvanceCall } from '../detect/detect.ts';
import { HAR_MAX_ENTRIES, HAR_MAX_INPUT_CHARS, importHar } from './har-import.ts';

const chromeHar = readFileSync(new URL('./fixtures/chrome-checkout.har', import.meta.url), 'utf8');
const GUID = '7b831e4d-cfc7-4215-bad4-11a88eff8090';

describe('importHar on a Chrome "Save all as HAR" file', () => {
  const result = importHar(chromeHar);
  if (!result.ok) throw new Error(result.error);
  const [checkout, hosted, price, logo, failed, token] = result.exchanges;

  it('imports every entry in file order, nothing skipped', () => {
    expect(result.exchanges).toHaveLength(6);
    expect(result.skipped).toEqual([]);
    expect(result.truncated).toBe(0);
    expect(result.exchanges.every((e) => e.source === 'page' && !e.masked)).toBe(true);
    expect(new Set(result.exchanges.map((e) => e.id)).size).toBe(6);
  });

  it('JSON fetch: parsed bodies, lower-case headers, Set-Cookie joined by newline, timings', () => {
    expect(checkout?.request).toMatchObject({
      type: 'request',
      method: 'POST',
      url: 'http://localhost:3000/api/avvance/checkout',
      timestamp: '2025-05-10T17:08:50.123Z',
      body: { orderId: 'order-1001', amount: '340.00' },
      partnerId: '',
      userId: '',
    });
    expect(checkout?.request.headers['content-type']).toBe('application/json');
    expect(checkout?.request.query).toBeUndefined();
    expect(checkout?.response).toMatchObject({
      type: 'response',
      status: 201,
      duration: 85.42,
      timestamp: new Date(Date.parse('2025-05-10T17:08:50.123Z') + 85.42).toISOString(),
      body: { applicationGUID: GUID },
    });
    expect(checkout?.response?.id).toBe(checkout?.request.id);
    expect(checkout?.response?.headers['set-cookie']).toBe(
      'sid=s%3Aabc123; Path=/; HttpOnly\ncheckout=1; Path=/; Expires=Sat, 10 May 2025 18:08:50 GMT',
    );
    expect(checkout?.response?.headers['vary']).toBe('Origin, Accept-Encoding');
    expect(checkout?.timings).toEqual({
      startedAt: Date.parse('2025-05-10T17:08:50.123Z'),
      blocked: 1.21,
      send: 0.18,
      wait: 80.12,
      receive: 3.91,
    });
    expect(checkout?.requestBodyStatus).toBe('complete');
    expect(checkout?.responseBodyStatus).toBe('complete');
  });

  it('document: text body and query from queryString', () => {
    expect(hosted?.request.query).toEqual({ guid: GUID });
    expect(hosted?.request.body).toBeUndefined();
    expect(hosted?.requestBodyStatus).toBe('absent');
    expect(typeof hosted?.response?.body).toBe('string');
    expect(hosted?.timings.dns).toBe(0.3);
  });

  it('h2 + base64 JSON: pseudo-headers dropped, body decoded, Correlation-ID is the log id', () => {
    expect(Object.keys(price!.request.headers).some((h) => h.startsWith(':'))).toBe(false);
    expect(price?.request.id).toBe('c0ffee00-2869-4953-9302-a1bf46c6e112');
    expect(price?.request.partnerId).toBe('partner-org-name');
    expect(price?.response?.body).toEqual({
      offers: [{ offerType: 'ZERO', paymentAmount: 56.67, apr: 0, termCount: 6, totalLoanWithInterest: 340 }],
    });
  });

  it('binary image, failed request, and a body Chrome did not keep', () => {
    expect(logo?.responseBodyStatus).toBe('binary');
    expect(logo?.response?.body).toBeUndefined();
    expect(failed?.response).toMatchObject({ status: 0, error: 'net::ERR_CONNECTION_REFUSED' });
    expect(failed?.responseBodyStatus).toBe('absent');
    expect(token?.request.body).toBe('grant_type=client_credentials');
    expect(token?.responseBodyStatus).toBe('unavailable');
  });

  it('feeds detection and correlation: Avvance calls found, the checkout joins its hosted page', () => {
    expect(result.exchanges.map((e) => isAvvanceCall(e.request.url))).toEqual([
      true,
      true,
      true,
      false,
      true,
      true,
    ]);
    expect(extractCorrelationKeys(failed!).map((k) => k.kind)).toContain('applicationGUID');
    const flows = new FlowIndex();
    for (const e of result.exchanges) flows.add(e);
    expect(flows.flowOf(checkout!.id)).toBe(flows.flowOf(hosted!.id));
    expect(flows.flowOf(checkout!.id)).toBe(flows.flowOf(failed!.id));
  });
});

describe('importHar input handling', () => {
  const entry = {
    startedDateTime: '2025-05-10T17:08:50.123Z',
    time: 1,
    request: { method: 'get', url: 'http://x/a?b=1&b=2', headers: [] },
    response: { status: 204, headers: [] },
  };

  it('accepts a parsed object, a BOM, and applies the default source', () => {
    const r = importHar({ log: { entries: [entry] } }, { source: 'proxy' });
    expect(r).toMatchObject({ ok: true, skipped: [], truncated: 0 });
    if (!r.ok) return;
    expect(r.exchanges[0]).toMatchObject({ source: 'proxy', request: { method: 'GET', query: { b: '2' } } });
    expect(importHar(`\ufeff${JSON.stringify({ log: { entries: [] } })}`)).toEqual({
      ok: true,
      exchanges: [],
      skipped: [],
      truncated: 0,
    });
  });

  it('reports invalid entries as skipped with a reason, keeps the rest', () => {
    const r = importHar({
      log: { entries: [entry, { request: {} }, null, { ...entry, startedDateTime: 'yesterday' }, entry] },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.exchanges).toHaveLength(2);
    expect(r.skipped.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(r.skipped[0]?.reason).toMatch(/^invalid HAR entry: /);
    expect(r.skipped[2]?.reason).toContain('startedDateTime');
  });

  it('caps the number of entries and says how many were dropped', () => {
    const entries = Array.from({ length: HAR_MAX_ENTRIES + 3 }, () => entry);
    const r = importHar({ log: { entries } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.exchanges).toHaveLength(HAR_MAX_ENTRIES);
    expect(r.truncated).toBe(3);
    expect(r.skipped).toEqual([{ index: HAR_MAX_ENTRIES, reason: expect.stringContaining('3 entries') }]);
  });

  it('fails as data on non-HAR input', () => {
    expect(importHar('{')).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
    expect(importHar('[]')).toMatchObject({ ok: false, error: expect.stringContaining('log.entries') });
    expect(importHar({ log: null })).toMatchObject({ ok: false });
    expect(importHar({ log: { entries: {} } })).toMatchObject({ ok: false });
    expect(importHar(undefined)).toMatchObject({ ok: false });
    expect(importHar(' '.repeat(HAR_MAX_INPUT_CHARS + 1))).toMatchObject({
      ok: false,
      error: expect.stringContaining('larger than'),
    });
  });

  it('never throws on arbitrary JSON-ish input (fuzz)', () => {
    const jsonish = fc.anything({
      withBigInt: false,
      withBoxedValues: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withDate: true,
      withMap: true,
      withSet: true,
    });
    const harish = fc.record({
      log: fc.record({
        entries: fc.array(
          fc.oneof(
            jsonish,
            fc.record({
              startedDateTime: fc.oneof(
                fc.string(),
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
              ),
              time: fc.oneof(fc.double(), fc.constant(null)),
              request: fc.record({
                method: fc.string(),
                url: fc.oneof(fc.string(), fc.webUrl()),
                headers: fc.array(fc.record({ name: fc.string(), value: fc.string() })),
                postData: fc.record({ mimeType: fc.string(), text: fc.string() }, { requiredKeys: [] }),
              }),
              response: fc.record({
                status: fc.integer(),
                content: fc.record(
                  {
                    size: fc.integer(),
                    mimeType: fc.constantFrom('application/json', 'image/png', '', 'text/plain'),
                    text: fc.oneof(fc.string(), fc.base64String()),
                    encoding: fc.constantFrom('base64', 'gzip', null),
                  },
                  { requiredKeys: [] },
                ),
                _error: fc.oneof(fc.string(), fc.constant(null)),
              }),
              _avvance: jsonish,
            }),
          ),
        ),
      }),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          jsonish,
          harish,
          fc.string(),
          harish.map((h) => JSON.stringify(h)),
        ),
        (input) => {
          const r = importHar(input);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
});
