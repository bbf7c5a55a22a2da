import { describe, expect, it } from 'vitest';
import { describeFindings, OPTS } from './__tests__/helpers.ts';
import { maskUrl } from './masker.ts';

const T = '[0-9a-f]{6}';

describe('maskUrl', () => {
  it.each([
    ['https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/create', []],
    [
      'https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/transactions?pageNumber=1&pageSize=100',
      [],
    ],
    ['http://127.0.0.1:8080/sandbox/application/7b831e4d-cfc7-4215-bad4-11a88eff8090', []],
    ['https://it1.avvance.com/flexible-financing.html?id=uniquemerchantcode', []],
    ['/v1/merchants/8025491732/products', []],
    ['?grant_type=client_credentials', []],
    ['', []],
    ['/', []],
  ])('leaves %s alone', (url, findings) => {
    const r = maskUrl(url, OPTS);
    expect(r.value).toBe(url);
    expect(r.findings).toEqual(findings);
  });

  it('masks query values by key and by shape, keeping keys and order', () => {
    const r = maskUrl(
      'https://x.io/a?email=a%40b.com&q=call+612-555-0142&client_secret=s3cr3t&n=1&flag&=v',
      OPTS,
    );
    expect(r.value).toMatch(
      new RegExp(
        `^https://x\\.io/a\\?email=‹email%23${T}›&q=call%20‹phone%23${T}›&client_secret=\\[REDACTED\\]&n=1&flag&=v$`,
      ),
    );
    expect(describeFindings(r.findings)).toEqual([
      'query:client_secret → secret',
      'query:email → email',
      'query:q → phone',
    ]);
  });

  it('masks an email or SSN in a path segment', () => {
    const r = maskUrl('https://x.io/v1/users/john.doe%40acme.com/ssn/123-45-6789', OPTS);
    expect(r.value).toMatch(new RegExp(`^https://x\\.io/v1/users/‹email%23${T}›/ssn/•••-••-6789%23${T}$`));
    expect(describeFindings(r.findings)).toEqual(['path[2] → email', 'path[4] → ssn']);
  });

  it('keeps ids after known collections but masks the same digits elsewhere', () => {
    expect(maskUrl('/v1/merchants/8025491732', OPTS).value).toBe('/v1/merchants/8025491732');
    expect(maskUrl('/v1/merchantId/8025491732', OPTS).value).toBe('/v1/merchantId/8025491732');
    expect(maskUrl('/v1/callback/8025491732', OPTS).value).toMatch(/^\/v1\/callback\/‹phone%23/);
  });

  it('redacts userinfo and keeps scheme, host and port', () => {
    const r = maskUrl('https://key:secret@api.example.com:8443/x', OPTS);
    expect(r.value).toBe('https://[REDACTED]@api.example.com:8443/x');
    expect(r.findings).toEqual([{ path: 'userinfo', kind: 'secret' }]);
    expect(maskUrl(r.value, OPTS).value).toBe(r.value);
  });

  it('masks fragment parameters and fragment text', () => {
    expect(maskUrl('https://x.io/cb#access_token=abc&state=1', OPTS).value).toBe(
      'https://x.io/cb#access_token=[REDACTED]&state=1',
    );
    expect(maskUrl('https://x.io/p#joe@x.io', OPTS).value).toMatch(
      new RegExp(`^https://x\\.io/p#‹email%23${T}›$`),
    );
    expect(maskUrl('https://x.io/p#section-2', OPTS).value).toBe('https://x.io/p#section-2');
  });

  it('masks a bare value without a key', () => {
    expect(maskUrl('/lookup?joe@x.io', OPTS).value).toMatch(new RegExp(`^/lookup\\?‹email%23${T}›$`));
  });

  it('follows nested URLs in query values', () => {
    const r = maskUrl('https://x.io/login?returnUrl=https%3A%2F%2Fshop.io%2F%3Femail%3Da%40b.co', OPTS);
    expect(r.value).toMatch(
      /^https:\/\/x\.io\/login\?returnUrl=https:%2F%2Fshop\.io%2F%3Femail%3D‹email%2523/,
    );
    expect(r.findings).toEqual([{ path: 'query:returnUrl.query:email', kind: 'email' }]);
  });

  it('handles relative, scheme-less and unparsable input without throwing', () => {
    expect(maskUrl('john@x.io', OPTS).value).toMatch(/^‹email%23/);
    expect(maskUrl('mailto:john@x.io', OPTS).value).toMatch(/^mailto:‹email%23/);
    expect(maskUrl('%E0%A4%A ssn 123-45-6789', OPTS).value).toMatch(/^%25E0%25A4%25A%20ssn%20•••-••-6789%23/);
    expect(maskUrl('http://[::1', OPTS).value).toBe('http://[::1');
    expect(maskUrl('/p?x=%ZZ', OPTS).value).toBe('/p?x=%ZZ');
  });

  it('is idempotent', () => {
    for (const url of [
      'https://u:p@x.io/v1/users/a%40b.co?email=a%40b.co&ip=1.2.3.4#token=x',
      '/relative/123-45-6789?phone=6125550142',
    ]) {
      const once = maskUrl(url, OPTS);
      const twice = maskUrl(once.value, OPTS);
      expect(twice.value).toBe(once.value);
      expect(describeFindings(twice.findings)).toEqual(describeFindings(once.findings));
    }
  });
});
