import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS } from './__fixtures__/exchanges.ts';
import {
  bodyText,
  headerValue,
  isErrorExchange,
  responseBodySize,
  urlParts,
  utf8Length,
} from './exchange-fields.ts';

describe('urlParts', () => {
  const table: [string, string, string][] = [
    ['https://alpha-api2.usbank.com/poslp/services/x?a=1#f', 'alpha-api2.usbank.com', '/poslp/services/x'],
    ['HTTP://User:Pw@API2.USBANK.COM:8443/Path', 'api2.usbank.com', '/Path'],
    ['http://[::1]:8787/v1/replay', '[::1]', '/v1/replay'],
    ['http://[::1', '[::1', '/'],
    ['https://example.com', 'example.com', '/'],
    ['https://example.com?x=/a', 'example.com', '/'],
    ['/relative/path?q', '', '/relative/path'],
    ['', '', '/'],
    ['not a url', '', 'not a url'],
  ];
  it.each(table)('%s → host %s, path %s', (url, host, path) => {
    expect(urlParts(url)).toEqual({ host, path });
  });
});

describe('bodyText', () => {
  it('stringifies parsed bodies and never throws', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(bodyText('raw')).toBe('raw');
    expect(bodyText(undefined)).toBe('');
    expect(bodyText({ a: [1, null] })).toBe('{"a":[1,null]}');
    expect(bodyText(cyclic)).toBe('');
    expect(bodyText(10n)).toBe('');
    expect(bodyText(() => 1)).toBe('');
  });

  it('rethrows what it does not expect', () => {
    const hostile = {
      toJSON() {
        throw new URIError('boom');
      },
    };
    expect(() => bodyText(hostile)).toThrow(URIError);
  });
});

describe('utf8Length', () => {
  it('equals the length of the UTF-8 encoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
      }),
    );
    expect(utf8Length('\ud800')).toBe(3);
    expect(utf8Length('\udc00x')).toBe(4);
  });
});

describe('responseBodySize', () => {
  const base = CORPUS.webhook;
  const withBody = (body: unknown, headers: Record<string, string> = {}) => ({
    ...base,
    response: { ...base.response!, body, headers },
  });
  it('measures the body, or trusts content-length when the body was dropped', () => {
    expect(responseBodySize(withBody('héllo'))).toBe(6);
    expect(responseBodySize(withBody({ a: 1 }))).toBe(7);
    expect(responseBodySize(withBody(undefined, { 'content-length': '5000' }))).toBe(5000);
    expect(responseBodySize(withBody(null, { 'content-length': 'lots' }))).toBe(0);
    expect(responseBodySize(withBody(undefined))).toBe(0);
    expect(responseBodySize(CORPUS.pending)).toBeUndefined();
  });
});

describe('isErrorExchange', () => {
  it('counts network errors and statuses from 400', () => {
    expect(
      [CORPUS.create, CORPUS.loanStatus, CORPUS.networkError, CORPUS.pending].map(isErrorExchange),
    ).toEqual([false, true, true, false]);
    const aborted = { ...CORPUS.create, response: { ...CORPUS.create.response!, error: 'aborted' } };
    expect(isErrorExchange(aborted)).toBe(true);
  });
});

describe('headerValue', () => {
  it('reads own string values only', () => {
    expect(headerValue({ 'content-type': 'json' }, 'content-type')).toBe('json');
    expect(headerValue({}, 'constructor')).toBeUndefined();
    expect(headerValue({}, '__proto__')).toBeUndefined();
    expect(headerValue(undefined, 'x')).toBeUndefined();
    expect(headerValue({ x: 1 } as unknown as Record<string, string>, 'x')).toBeUndefined();
  });
});
