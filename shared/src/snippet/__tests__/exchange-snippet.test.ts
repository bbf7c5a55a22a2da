import { describe, expect, it } from 'vitest';
import { snippetRequest, toCurl, toFetch } from '../exchange-snippet.ts';
import { makeExchange, makeRequest } from './fixtures.ts';

const BASIC = 'Basic a2V5OnNlY3JldA==';
const SSN = '123-45-6789';

const exchange = makeExchange(
  makeRequest({
    url: 'https://sandbox.example/poslp/services/avvance-loan/v1/create?email=ada%40example.com',
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: BASIC,
      cookie: 'session=s3cr3t-cookie',
      'correlation-id': '77ebbf62-2869-4953-9302-a1bf46c6e112',
      'partner-id': 'partner-org-name',
    },
    body: {
      consumer: { firstName: 'Ada', ssn: SSN, email: 'ada@example.com', mobilePhone: '9009009000' },
      note: `customer said her SSN is ${SSN}`,
      merchantId: '435523232323',
    },
  }),
  {
    response: {
      id: 'corr-1',
      timestamp: '2025-11-25T12:00:01.000Z',
      type: 'response',
      method: 'POST',
      url: 'https://sandbox.example/poslp/services/avvance-loan/v1/create',
      status: 201,
      duration: 10,
      headers: {},
      body: { consumerOnboardingURL: 'https://apply.example/capability-token' },
    },
  },
);

const secrets = [
  BASIC,
  'a2V5OnNlY3JldA==',
  SSN,
  '123456789',
  's3cr3t-cookie',
  'ada@example.com',
  'ada%40example.com',
];
const salt = { salt: 'test-session-salt' };

describe('exchange snippets are masked by default', () => {
  it.each([
    ['toCurl with session options', () => toCurl(exchange, { mask: salt })],
    ['toCurl with the default', () => toCurl(exchange)],
    ['toFetch with session options', () => toFetch(exchange, { mask: salt })],
    ['toFetch with the default', () => toFetch(exchange)],
  ])('%s leaks neither the Basic credentials nor the SSN', (_name, render) => {
    const snippet = render();
    for (const secret of secrets) expect(snippet).not.toContain(secret);
    // Ids that are not PII survive, so the snippet still identifies the call.
    expect(snippet).toContain('77ebbf62-2869-4953-9302-a1bf46c6e112');
    expect(snippet).toContain('partner-org-name');
  });

  it('uses the same tokens as the panel when given the session options', () => {
    expect(toCurl(exchange, { mask: salt })).toBe(toCurl(exchange, { mask: salt }));
  });

  it('copies originals only when asked with mask: false', () => {
    const curl = toCurl(exchange, { mask: false, shell: 'bash' });
    expect(curl).toContain(`-H 'authorization: ${BASIC}'`);
    expect(curl).toContain(SSN);
    expect(toFetch(exchange, { mask: false })).toContain(BASIC);
  });

  it('does not mask an exchange twice, nor mutate the input', () => {
    const before = structuredClone(exchange);
    const masked = { ...exchange, request: snippetRequest(exchange, salt), masked: true };
    expect(snippetRequest(masked, salt)).toBe(masked.request);
    expect(exchange).toEqual(before);
  });

  it('passes the body status on as a note', () => {
    const lost = { ...exchange, requestBodyStatus: 'discarded:too-large' as const };
    expect(toCurl(lost, { mask: false })).toMatch(/^# note: the request body was too large/);
    expect(toFetch(lost, { mask: false })).toMatch(/^\/\/ note: the request body was too large/);
  });
});
