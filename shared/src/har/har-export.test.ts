import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exchange, fullJourney } from '../correlate/__tests__/journey.ts';
import { FlowIndex } from '../correlate/flow-index.ts';
import type { Exchange } from '../model/exchange.ts';
import { exchangeFromHarEntry } from './har-entry.ts';
import { exportHar, HAR_CREATOR, utf8Length } from './har-export.ts';
import { importHar } from './har-import.ts';

const SALT = 'test-salt-0123456789';
const chromeHar = readFileSync(new URL('./fixtures/chrome-checkout.har', import.meta.url), 'utf8');

function chromeExchanges(): Exchange[] {
  const r = importHar(chromeHar);
  if (!r.ok) throw new Error(r.error);
  return r.exchanges;
}

/** The fields that survive an export → import round trip. */
function surviving(e: Exchange) {
  const { query: _query, ...request } = e.request;
  const response = e.response === undefined ? undefined : { ...e.response };
  return {
    id: e.id,
    source: e.source,
    replayOf: e.replayOf,
    masked: e.masked,
    requestBodyStatus: e.requestBodyStatus,
    responseBodyStatus: e.responseBodyStatus,
    environment: e.environment,
    sentBy: e.sentBy,
    startedAt: e.timings.startedAt,
    request,
    response,
  };
}

function roundTrip(exchanges: Exchange[]): Exchange[] {
  const { har } = exportHar(exchanges, { mask: false });
  const back = importHar(JSON.stringify(har));
  if (!back.ok) throw new Error(back.error);
  expect(back.skipped).toEqual([]);
  return back.exchanges;
}

describe('exportHar', () => {
  it('masks by default: secrets and PII replaced, originals untouched, findings per exchange', () => {
    const exchanges = chromeExchanges();
    const before = JSON.stringify(exchanges);
    const { har, findings } = exportHar(exchanges, { mask: { salt: SALT } });
    expect(JSON.stringify(exchanges)).toBe(before);
    const price = har.log.entries[2]!;
    const auth = price.request.headers.find((h) => h.name === 'authorization');
    expect(auth?.value).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(price._avvance.masked).toBe(true);
    expect(JSON.stringify(har)).not.toContain('a2V5OnNlY3JldA==');
    expect(JSON.stringify(har)).not.toContain('s%3Aabc123');
    expect(findings.some((f) => f.exchangeId === exchanges[2]!.id && f.path.includes('authorization'))).toBe(
      true,
    );
    // Business ids are not PII: they survive masking so the journey can still be followed.
    expect(JSON.stringify(har)).toContain('7b831e4d-cfc7-4215-bad4-11a88eff8090');
  });

  it('leaves the Workbench user out of masked exports and keeps it in explicit unmasked ones', () => {
    const ex = exchange({ id: 'u', url: 'http://x/api/avvance/a', at: 0 });
    ex.request.userId = 'dev@example.com';
    ex.sentBy = 'Dana Dev';
    const masked = exportHar([ex], { mask: { salt: SALT } }).har.log.entries[0]!._avvance;
    expect(masked.userId).toBeUndefined();
    expect(masked.sentBy).toBeUndefined();
    const plain = exportHar([ex], { mask: false });
    expect(plain.findings).toEqual([]);
    expect(plain.har.log.entries[0]!._avvance).toMatchObject({
      userId: 'dev@example.com',
      sentBy: 'Dana Dev',
      masked: false,
    });
  });

  it('writes a HAR 1.2 log with creator, comment and flow ids', () => {
    const journey = fullJourney('x', 1_000);
    const flows = new FlowIndex();
    for (const e of journey) flows.add(e);
    const { har } = exportHar(journey, {
      mask: false,
      comment: 'checkout bug #12',
      flowOf: (id) => flows.flowOf(id),
    });
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual(HAR_CREATOR);
    expect(har.log.comment).toBe('checkout bug #12');
    const flowId = flows.flows()[0]!.id;
    expect(har.log.entries.every((e) => e._avvance.flowId === flowId)).toBe(true);
    const create = har.log.entries[2]!;
    expect(create.startedDateTime).toBe('1970-01-01T00:00:01.010Z');
    expect(create.time).toBe(120);
    expect(create.timings).toEqual({
      blocked: -1,
      dns: -1,
      connect: -1,
      ssl: -1,
      send: 0,
      wait: 120,
      receive: 0,
    });
    expect(create.request.postData?.mimeType).toBe('application/json');
    expect(create.response.content.mimeType).toBe('application/json');
    expect(create.response.content.size).toBe(utf8Length(create.response.content.text!));
    expect(exportHar([], { mask: false, creator: { name: 'x', version: '1' } }).har.log.creator.name).toBe(
      'x',
    );
  });

  it('round-trips a journey, replays, errors, in-flight calls and Chrome captures (unmasked)', () => {
    const journey = fullJourney('rt', 5_000);
    const replay: Exchange = {
      ...exchange({ id: 'rt-replay', method: 'POST', url: 'http://127.0.0.1:8787/v1/replay', at: 9_000 }),
      replayOf: 'rt-create',
      source: 'replay',
      environment: 'sandbox',
    };
    const failed = exchange({
      id: 'rt-failed',
      url: 'http://127.0.0.1:8787/v1/proxy/x',
      at: 9_100,
      status: 0,
      error: 'ECONNREFUSED',
    });
    const pending = exchange({
      id: 'rt-pending',
      url: 'http://127.0.0.1:8787/v1/proxy/y',
      at: 9_200,
      pending: true,
    });
    const chrome = chromeExchanges();
    const all = [...journey, replay, failed, pending, ...chrome];
    const back = roundTrip(all);
    expect(back.map(surviving)).toEqual(all.map(surviving));
    // Chrome captures keep their phase timings exactly.
    expect(back.slice(-chrome.length).map((e) => e.timings)).toEqual(chrome.map((e) => e.timings));
    expect(back.at(-chrome.length + 1)?.request.query).toEqual(chrome[1]?.request.query);
  });

  it('round-trips masked exports as masked', () => {
    const { har } = exportHar(chromeExchanges(), { mask: { salt: SALT } });
    const back = importHar(har);
    expect(back.ok && back.exchanges.every((e) => e.masked)).toBe(true);
  });

  it('drops over-long bodies visibly, and reports unwritable ones as unavailable', () => {
    const big = exchange({
      id: 'big',
      method: 'POST',
      url: 'http://x/api/avvance/a',
      at: 0,
      requestBody: { blob: 'x'.repeat(200) },
      responseBody: 'y'.repeat(200),
    });
    const { har, droppedBodies } = exportHar([big], { mask: false, maxBodyChars: 100 });
    expect(droppedBodies).toEqual([
      { exchangeId: 'big', part: 'request' },
      { exchangeId: 'big', part: 'response' },
    ]);
    const entry = har.log.entries[0]!;
    expect(entry.request.postData).toBeUndefined();
    expect(entry.response.content).toMatchObject({ size: 0, comment: 'body discarded:too-large' });
    expect(entry._avvance).toMatchObject({
      requestBodyStatus: 'discarded:too-large',
      responseBodyStatus: 'discarded:too-large',
    });
    const back = exchangeFromHarEntry(entry);
    expect(back.ok && [back.exchange.requestBodyStatus, back.exchange.responseBodyStatus]).toEqual([
      'discarded:too-large',
      'discarded:too-large',
    ]);

    const weird = exchange({ id: 'w', method: 'POST', url: 'relative', at: 0, requestBody: { n: 1n } });
    weird.timings.startedAt = Number.NaN;
    weird.request.query = { a: '1' };
    const out = exportHar([weird], { mask: false }).har.log.entries[0]!;
    expect(out._avvance.requestBodyStatus).toBe('unavailable');
    expect(out.request.queryString).toEqual([{ name: 'a', value: '1' }]);
    expect(out.startedDateTime).toBe(weird.request.timestamp);
  });

  it('utf8Length counts UTF-8 bytes', () => {
    expect([utf8Length(''), utf8Length('a'), utf8Length('é'), utf8Length('€'), utf8Length('😀')]).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(utf8Length('\ud800')).toBe(3);
    expect(utf8Length('\ud800x')).toBe(4);
    expect(utf8Length('a€😀')).toBe(new TextEncoder().encode('a€😀').length);
  });
});
