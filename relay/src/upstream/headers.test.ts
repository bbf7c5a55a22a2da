import { describe, expect, it } from 'vitest';
import { forwardableResponseHeaders, sanitizeRequestHeaders, toHeaderMap } from './headers.ts';

describe('sanitizeRequestHeaders', () => {
  it('drops credentials, target, hop-by-hop and browser headers; keeps Avvance headers with their casing', () => {
    const r = sanitizeRequestHeaders({
      Authorization: 'Bearer x',
      Cookie: 'a=b',
      'X-Api-Key': 'k',
      'X-Relay-Key': 'k',
      Host: 'evil',
      'X-Forwarded-Host': 'evil',
      'X-Forwarded-For': '1.2.3.4',
      Forwarded: 'host=evil',
      'Content-Length': '5',
      Connection: 'keep-alive, X-Drop-Me',
      'X-Drop-Me': '1',
      'Transfer-Encoding': 'chunked',
      Origin: 'https://shop',
      Referer: 'https://shop/',
      'Sec-Fetch-Mode': 'cors',
      'Correlation-ID': 'old',
      'partner-ID': 'p',
      merchantId: '123',
      'Merchant-ID': '123',
      'Content-Type': 'application/json',
      Accept: 'application/json',
    });
    expect(r).toEqual({
      ok: true,
      headers: {
        'partner-ID': 'p',
        merchantId: '123',
        'Merchant-ID': '123',
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
    });
  });

  it.each([
    [{ 'X-A': 'a\r\nb' }],
    [{ 'X-A': 'a\u0000' }],
    [{ 'X A': 'a' }],
    [{ 'X-A:': 'a' }],
    [{ 'x-a': 'a', 'X-A': 'b' }],
    [{ 'X-A': 'a'.repeat(9000) }],
  ])('refuses %j', (headers) => {
    expect(sanitizeRequestHeaders(headers).ok).toBe(false);
  });
});

describe('response headers', () => {
  it('forwards all but hop-by-hop headers', () => {
    expect(
      forwardableResponseHeaders({
        connection: 'close, x-gone',
        'x-gone': '1',
        'keep-alive': 'timeout=5',
        'content-type': 'a/b',
        'set-cookie': ['a=1', 'b=2'],
      }),
    ).toEqual({ 'content-type': 'a/b', 'set-cookie': ['a=1', 'b=2'] });
  });

  it('maps to a lower-cased header map', () => {
    expect(toHeaderMap({ 'Set-Cookie': ['a=1', 'b=2'], Accept: 'x', 'X-L': ['1', '2'] })).toEqual({
      'set-cookie': 'a=1\nb=2',
      accept: 'x',
      'x-l': '1, 2',
    });
  });
});
