import { describe, expect, it } from 'vitest';
import * as shared from './index.ts';

// The public names other parts (relay, extension, docs) rely on. Removing or renaming one breaks them.
const CONTRACT = {
  functions: [
    'exchangeFromHarEntry',
    'importHar',
    'exportHar',
    'isAvvanceCall',
    'matchAvvanceCall',
    'validateDetectionRules',
    'extractCorrelationKeys',
    'maskJson',
    'maskText',
    'maskHeaders',
    'maskUrl',
    'maskExchange',
    'createMaskSalt',
    'parseFilter',
    'buildSearchIndex',
    'toCurl',
    'toFetch',
    'parseClientMessage',
    'parseServerMessage',
    'encodeMessage',
    'listOperations',
    'findOperation',
    'isReplayBlocked',
    'asError',
  ],
  classes: ['FlowIndex', 'UnreachableCheck'],
  values: [
    'DEFAULT_DETECTION_RULES',
    'PROTOCOL_VERSION',
    'avvanceOpenApi',
    'EXCHANGE_SOURCES',
    'FILTER_KEYS',
  ],
} as const;

describe('shared public entry', () => {
  it.each(CONTRACT.functions)('exports the function %s', (name) => {
    expect(typeof (shared as Record<string, unknown>)[name]).toBe('function');
  });

  it.each(CONTRACT.classes)('exports the class %s', (name) => {
    const value = (shared as Record<string, unknown>)[name] as { prototype?: unknown };
    expect(typeof value).toBe('function');
    expect(value.prototype).toBeDefined();
  });

  it.each(CONTRACT.values)('exports the value %s', (name) => {
    expect((shared as Record<string, unknown>)[name]).toBeDefined();
  });

  it('runs a page capture end to end through the public names only', () => {
    const salt = shared.createMaskSalt();
    const entry = {
      startedDateTime: '2026-11-25T12:00:00.000Z',
      time: 42,
      request: {
        method: 'POST',
        url: 'https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/create',
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: 'Correlation-ID', value: '77ebbf62-2869-4953-9302-a1bf46c6e112' },
          { name: 'Authorization', value: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwIn0.c2lnbmF0dXJl' },
        ],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 120,
        postData: {
          mimeType: 'application/json',
          text: JSON.stringify({
            partnerSessionId: '77ebbf62-2869-4953-9302-a1bf46c6e112',
            merchantId: '435523232323',
            invoiceAmount: '340',
            consumer: { email: 'joe.dow@example.com', mobilePhone: '9009009000' },
          }),
        },
      },
      response: {
        status: 201,
        statusText: 'Created',
        httpVersion: 'HTTP/1.1',
        headers: [{ name: 'Content-Type', value: 'application/json' }],
        cookies: [],
        content: {
          size: 100,
          mimeType: 'application/json',
          text: JSON.stringify({
            status: 'SUCCESS',
            applicationGUID: '7b831e4d-cfc7-4215-bad4-11a88eff8090',
            partnerSessionID: '77ebbf62-2869-4953-9302-a1bf46c6e112',
          }),
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: 100,
      },
      cache: {},
      timings: { send: 1, wait: 40, receive: 1 },
    };

    const converted = shared.exchangeFromHarEntry(entry);
    expect(converted.ok).toBe(true);
    if (!converted.ok) return;
    expect(shared.isAvvanceCall(converted.exchange.request.url)).toBe(true);

    const { value: masked, findings } = shared.maskExchange(converted.exchange, { salt });
    const text = JSON.stringify(masked);
    expect(text).not.toContain('joe.dow@example.com');
    expect(text).not.toContain('9009009000');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text).toContain('435523232323');
    expect(findings.length).toBeGreaterThanOrEqual(3);

    const flows = new shared.FlowIndex();
    const update = flows.add(masked);
    expect(update.flow.state).toBe('created');

    const filter = shared.parseFilter('method:POST status:2xx');
    expect(filter.ok).toBe(true);
    expect(filter.predicate({ exchange: masked })).toBe(true);
    expect(shared.parseFilter('status:4xx').predicate({ exchange: masked })).toBe(false);

    expect(shared.findOperation('POST', masked.request.url)?.operationId).toBe('createFinancing');
    expect(shared.toCurl(masked, { mask: { salt } })).not.toContain('joe.dow@example.com');
  });
});
