import { describe, expect, it } from 'vitest';
import type { Exchange } from '../model/exchange.ts';
import { createRequest, createResponse, tokenResponse } from './__tests__/avvance-payloads.ts';
import { deepFreeze, describeFindings, OPTS } from './__tests__/helpers.ts';
import { contentTypeOf } from './mask-exchange.ts';
import { maskExchange } from './masker.ts';

function createExchange(): Exchange {
  return {
    id: 'ex-1',
    source: 'proxy',
    request: {
      id: '77ebbf62-2869-4953-9302-a1bf46c6e112',
      timestamp: '2024-05-10T17:08:50.000Z',
      type: 'request',
      method: 'POST',
      url: 'https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/create?debugEmail=joe%40x.io',
      headers: {
        authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
        'correlation-id': '77ebbf62-2869-4953-9302-a1bf46c6e112',
        'partner-id': 'partner-org-name',
        'content-type': 'application/json',
      },
      body: createRequest,
      query: { debugEmail: 'joe@x.io', page: '1' },
      partnerId: 'partner-org-name',
      userId: 'dev@partner.example',
    },
    response: {
      id: '77ebbf62-2869-4953-9302-a1bf46c6e112',
      timestamp: '2024-05-10T17:08:51.000Z',
      type: 'response',
      method: 'POST',
      url: 'https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/create?debugEmail=joe%40x.io',
      status: 201,
      duration: 412,
      headers: { 'Content-Type': 'application/json', 'set-cookie': 'sid=abc; Path=/' },
      body: JSON.stringify(createResponse),
    },
    timings: { startedAt: 1715360930000, wait: 400 },
    masked: false,
    requestBodyStatus: 'complete',
    responseBodyStatus: 'complete',
    environment: 'sandbox',
  };
}

describe('maskExchange', () => {
  it('masks url, headers, query and bodies on both sides with prefixed finding paths', () => {
    const input = deepFreeze(createExchange());
    const { value, findings } = maskExchange(input, OPTS);
    expect(value.masked).toBe(true);
    expect(input.masked).toBe(false);
    expect(value.request.headers['authorization']).toBe('Bearer [REDACTED]');
    expect(value.request.headers['correlation-id']).toBe(input.request.headers['correlation-id']);
    expect(value.request.url).toMatch(/\?debugEmail=‹email%23[0-9a-f]{6}›$/);
    expect(value.request.query).toEqual({ debugEmail: expect.stringMatching(/^‹email#/), page: '1' });
    expect((value.request.body as typeof createRequest).merchantId).toBe('435523232323');
    expect(JSON.parse(value.response!.body as string).consumerOnboardingURL).toBe(
      'https://uat01-onboarding.usbank.com/[REDACTED]',
    );
    expect(value.request.userId).toBe('dev@partner.example');
    expect(value.timings).toEqual(input.timings);
    const paths = describeFindings(findings);
    expect(paths).toEqual(
      expect.arrayContaining([
        'request.body.consumer.email → email',
        'request.body.consumer.mobilePhone → phone',
        'request.header:authorization → token',
        'request.query:debugEmail → email',
        'request.url.query:debugEmail → email',
        'response.body.consumerOnboardingURL → capability-url',
        'response.header:set-cookie → cookie',
        'response.url.query:debugEmail → email',
      ]),
    );
    expect(findings.every((f) => f.path.startsWith('request.') || f.path.startsWith('response.'))).toBe(true);
  });

  it('is idempotent on an already-masked exchange', () => {
    const once = maskExchange(createExchange(), OPTS);
    const twice = maskExchange(once.value, OPTS);
    expect(twice.value).toEqual(once.value);
    expect(describeFindings(twice.findings)).toEqual(describeFindings(once.findings));
  });

  it('handles in-flight exchanges, bodiless requests, errors and form bodies', () => {
    const ex = createExchange();
    const inFlight: Exchange = {
      ...ex,
      request: {
        ...ex.request,
        url: 'https://alpha-api2.usbank.com/auth/oauth2/v1/token',
        headers: {
          Authorization: 'Basic MXN5c2VjcmV0OmtleQ==',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      },
    };
    delete inFlight.request.query;
    delete inFlight.response;
    const r = maskExchange(inFlight, OPTS);
    expect(r.value.response).toBeUndefined();
    expect(r.value.request.body).toBe('grant_type=client_credentials');
    expect(describeFindings(r.findings)).toEqual(['request.header:authorization → secret']);

    const { body: _omit, ...bodiless } = ex.request;
    const failed: Exchange = {
      ...ex,
      request: bodiless,
      response: { ...ex.response!, status: 0, body: tokenResponse, error: 'upstream refused 100.100.0.10' },
    };
    const f = maskExchange(failed, OPTS);
    expect('body' in f.value.request).toBe(false);
    expect(f.value.response!.error).toMatch(/^upstream refused ‹ip#/);
    expect(describeFindings(f.findings)).toContain('response.error.text@17 → ip');
    expect(describeFindings(f.findings)).toContain('response.body.accessToken → token');
  });

  it('finds the content type whatever the header casing', () => {
    expect(contentTypeOf({ 'content-type': 'a' })).toBe('a');
    expect(contentTypeOf({ 'Content-Type': 'b' })).toBe('b');
    expect(contentTypeOf({ accept: 'c' })).toBeUndefined();
    expect(contentTypeOf(undefined)).toBeUndefined();
  });
});
