import { describe, expect, it } from 'vitest';
import { decodeContent, HAR_MAX_BODY_CHARS, isJsonMime, isTextualMime, parseBodyText } from './har-body.ts';
import { exchangeFromHarEntry } from './har-entry.ts';
import { headersFromHar, headersToHar } from './har-headers.ts';

const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

function entry(over: { request?: object; response?: object; [k: string]: unknown } = {}) {
  const { request, response, ...rest } = over;
  return {
    startedDateTime: '2025-05-10T17:08:50.000Z',
    time: 10,
    request: {
      method: 'POST',
      url: 'https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/create',
      headers: [],
      ...request,
    },
    response: { status: 201, headers: [], content: { size: 0, mimeType: '' }, ...response },
    ...rest,
  };
}

function convert(e: unknown, opts = {}) {
  const r = exchangeFromHarEntry(e, opts);
  if (!r.ok) throw new Error(r.error);
  return r.exchange;
}

describe('exchangeFromHarEntry', () => {
  it('names the first schema problem', () => {
    expect(exchangeFromHarEntry(42)).toEqual({
      ok: false,
      error: expect.stringMatching(/^invalid HAR entry: entry /),
    });
    expect(exchangeFromHarEntry(entry({ request: { url: '' } }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('/request/url'),
    });
    expect(exchangeFromHarEntry(entry({ response: { status: '200' } }))).toMatchObject({ ok: false });
  });

  it('uses Correlation-ID as the log id, else a UUID; opts.id and opts.source win over defaults', () => {
    const withHeader = convert(
      entry({ request: { headers: [{ name: 'Correlation-ID', value: ' corr-1 ' }] } }),
    );
    expect(withHeader.request.id).toBe('corr-1');
    expect(withHeader.response?.id).toBe('corr-1');
    const without = convert(entry());
    expect(without.request.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(without.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(convert(entry(), { id: 'mine', source: 'proxy' })).toMatchObject({ id: 'mine', source: 'proxy' });
  });

  it('takes the body from opts.content (chrome getContent) over the entry', () => {
    const ex = convert(entry({ response: { content: { size: 20, mimeType: 'application/json' } } }), {
      content: { text: b64('{"applicationGUID":"g-123456"}'), encoding: 'base64' },
    });
    expect(ex.response?.body).toEqual({ applicationGUID: 'g-123456' });
    const missing = convert(entry({ response: { content: { size: 20, mimeType: 'application/json' } } }), {
      content: { text: null },
    });
    expect(missing.responseBodyStatus).toBe('unavailable');
  });

  it('reads well-typed _avvance extras and ignores the rest', () => {
    const ex = convert(
      entry({
        _avvance: {
          id: 'x1',
          source: 'webhook',
          requestId: 'r1',
          replayOf: 'x0',
          masked: true,
          partnerId: 'p',
          userId: 'u',
          sentBy: 'Dana',
          environment: 'sandbox',
          requestBodyStatus: 'binary',
          responseBodyStatus: 'nonsense',
        },
      }),
      { source: 'page' },
    );
    expect(ex).toMatchObject({
      id: 'x1',
      source: 'webhook',
      replayOf: 'x0',
      masked: true,
      sentBy: 'Dana',
      environment: 'sandbox',
    });
    expect(ex.request).toMatchObject({ id: 'r1', partnerId: 'p', userId: 'u' });
    expect(ex.requestBodyStatus).toBe('binary');
    expect(ex.responseBodyStatus).toBe('absent');
    const junk = convert(entry({ _avvance: { source: 'satellite', masked: 'yes', id: 7 } }));
    expect(junk.source).toBe('page');
    expect(junk.masked).toBe(false);
    expect(convert(entry({ _avvance: { pending: true } })).response).toBeUndefined();
  });

  it('request bodies: params, lost uploads, JSON that does not parse', () => {
    const form = convert(
      entry({
        request: {
          postData: {
            mimeType: 'multipart/form-data',
            params: [{ name: 'a', value: '1' }, { name: 'file', fileName: 'id.png' }, { name: 'empty' }],
          },
        },
      }),
    );
    expect(form.request.body).toBe('a=1&file=id.png&empty=');
    expect(convert(entry({ request: { bodySize: 10 } })).requestBodyStatus).toBe('unavailable');
    expect(convert(entry({ request: { postData: { mimeType: 'x' }, bodySize: 5 } })).requestBodyStatus).toBe(
      'unavailable',
    );
    expect(convert(entry({ request: { postData: { text: '' } } })).requestBodyStatus).toBe('absent');
    const broken = convert(entry({ request: { postData: { mimeType: 'application/json', text: '{nope' } } }));
    expect(broken.request.body).toBe('{nope');
  });

  it('errors: response._error, entry._error, status 0 without a message', () => {
    expect(convert(entry({ response: { status: 0, _error: 'net::ERR_FAILED' } })).response?.error).toBe(
      'net::ERR_FAILED',
    );
    expect(convert(entry({ response: { status: 0 }, _error: 'aborted' })).response?.error).toBe('aborted');
    expect(convert(entry({ response: { status: 0, _error: null } })).response?.error).toBe(
      'No response (status 0)',
    );
    expect(convert(entry({ response: { status: 200, _error: '' } })).response?.error).toBeUndefined();
  });

  it('duration from time, else the sum of positive timings; absurd time keeps a valid timestamp', () => {
    const summed = convert(
      entry({ time: null, timings: { blocked: -1, send: 1, wait: 2.5, receive: Number.MAX_VALUE * 0 } }),
    );
    expect(summed.response?.duration).toBe(3.5);
    expect(summed.timings).toEqual({
      startedAt: Date.parse('2025-05-10T17:08:50.000Z'),
      send: 1,
      wait: 2.5,
      receive: 0,
    });
    const absurd = convert(entry({ time: 8.64e15 + 1 }));
    expect(absurd.response?.timestamp).toBe('2025-05-10T17:08:50.000Z');
  });

  it('query: last value wins, odd keys are plain data', () => {
    const ex = convert(
      entry({
        request: {
          url: 'http://x/a',
          queryString: [
            { name: 'k', value: '1' },
            { name: 'k', value: '2' },
            { name: '__proto__', value: 'p' },
          ],
        },
      }),
    );
    expect(ex.request.query?.['k']).toBe('2');
    expect(Object.getOwnPropertyDescriptor(ex.request.query, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(ex.request.query)).toBe(Object.prototype);
  });
});

describe('HAR bodies and headers', () => {
  it.each([
    ['application/json', true, true],
    ['application/json; charset=utf-8', true, true],
    ['application/problem+json', true, true],
    ['text/json', true, true],
    ['text/html', false, true],
    ['application/xml', false, true],
    ['image/svg+xml', false, true],
    ['application/javascript', false, true],
    ['application/x-www-form-urlencoded', false, true],
    ['image/png', false, false],
    ['application/octet-stream', false, false],
  ])('%s: json=%s textual=%s', (mime, json, textual) => {
    expect(isJsonMime(mime)).toBe(json);
    expect(isTextualMime(mime)).toBe(textual);
  });

  it('decodes base64 text, refuses binary, invalid base64 and huge bodies', () => {
    expect(decodeContent(b64('héllo'), 'base64', 'text/plain')).toEqual({
      body: 'héllo',
      status: 'complete',
    });
    expect(decodeContent(b64('plain'), 'base64', '')).toEqual({ body: 'plain', status: 'complete' });
    expect(decodeContent(btoa('\xff\xfe'), 'base64', '')).toEqual({ status: 'binary' });
    expect(decodeContent(btoa('\xff\xfe'), 'base64', 'text/html')).toEqual({ status: 'binary' });
    expect(decodeContent('###', 'base64', 'text/plain')).toEqual({ status: 'unavailable' });
    expect(decodeContent('A'.repeat(HAR_MAX_BODY_CHARS * 4 + 8), 'base64', 'text/plain')).toEqual({
      status: 'discarded:too-large',
    });
    expect(parseBodyText('x'.repeat(HAR_MAX_BODY_CHARS + 1), 'text/plain')).toEqual({
      status: 'discarded:too-large',
    });
    expect(parseBodyText('', 'text/plain')).toEqual({ status: 'absent' });
  });

  it('headers: lower-case, joined, pseudo-headers and empty names dropped, Set-Cookie split again', () => {
    const map = headersFromHar([
      { name: 'Accept', value: 'a' },
      { name: 'accept', value: 'b' },
      { name: ':path', value: '/x' },
      { name: ' ', value: 'x' },
      { name: 'Set-Cookie', value: 'a=1' },
      { name: 'set-cookie', value: 'b=2' },
    ]);
    expect(map).toEqual({ accept: 'a, b', 'set-cookie': 'a=1\nb=2' });
    expect(headersToHar(map)).toEqual([
      { name: 'accept', value: 'a, b' },
      { name: 'set-cookie', value: 'a=1' },
      { name: 'set-cookie', value: 'b=2' },
    ]);
    expect(headersFromHar(undefined)).toEqual({});
  });
});
