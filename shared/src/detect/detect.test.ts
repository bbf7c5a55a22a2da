import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAvvanceCall, matchAvvanceCall } from './detect.ts';
import { DEFAULT_DETECTION_RULES, type DetectionRules } from './rules.ts';

describe('isAvvanceCall with the default rules', () => {
  // Table spec: [url, expected].
  const table: [string, boolean][] = [
    ['https://alpha-api2.usbank.com/auth/oauth2/v1/token', true],
    ['https://api2.usbank.com/poslp/services/avvance-loan/v1/create', true],
    ['https://alpha-api.usbank.com/auth/oauth2/v1/token', true],
    ['https://api2.usbank.com/some/other/api', false],
    ['https://uat01-onboarding.usbank.com/usl/avvance-installment-loans?guid=abc', true],
    ['https://it01-onboarding.elavon.com/merchantenrollUI', true],
    ['https://it01-onboarding.elavon.com/modifyproductUI', true],
    ['https://it1.avvance.com/flexible-financing.html?id=xyz', true],
    ['https://it1.avvance.com/about.html', false],
    ['http://127.0.0.1:4010/poslp/services/avvance-loan/v1/loan-status', true],
    ['http://127.0.0.1:4010/auth/oauth2/v1/token', true],
    ['http://localhost:8787/v1/proxy/poslp/services/avvance-loan/v1/create', true],
    ['http://localhost:8787/v1/replay', true],
    ['http://localhost:8787/v1/replayer', false],
    ['http://localhost:8787/sandbox/v1/applications/7b83/submit', true],
    ['http://localhost:3000/api/avvance/checkout', true],
    ['http://localhost:3000/api/avvancex/checkout', false],
    ['http://localhost:3000/api/avvance', true],
    ['http://[::1]:8080/poslp/services/avvance-loan/v1/create', true],
    ['HTTPS://API2.USBANK.COM./POSLP/SERVICES/x', true],
    ['https://user:pass@api2.usbank.com/poslp/services/x', true],
    ['http://x/poslp%2Fservices/avvance-loan/v1/create', true],
    ['http://x/poslp%2fservices', true],
    ['http://x/api%2Favvance%2Fcheckout', true],
    ['http://x/static/..%2F..%2Fposlp/services/x', true],
    ['http://x//poslp//services/x', true],
    ['http://x/%E0%A4%A/poslp/services/x', false],
    ['http://x/a/%E0%A4%A/../../poslp/services/x', true],
    ['https://example.com/', false],
    ['https://example.com/poslp/servicesx', false],
    ['/poslp/services/avvance-loan/v1/create', false],
    ['poslp/services', false],
    ['', false],
    ['not a url at all', false],
    ['chrome-extension://abcdef/poslp/services/x', false],
    ['data:text/plain,/poslp/services/', false],
    ['blob:http://localhost/poslp/services/x', false],
    ['ws://localhost/poslp/services/x', false],
    ['file:///poslp/services/x', false],
  ];
  it.each(table)('%s → %s', (url, expected) => {
    expect(isAvvanceCall(url)).toBe(expected);
  });

  it('labels the most precise rule: the real host before the any-host rule', () => {
    expect(matchAvvanceCall('https://api2.usbank.com/poslp/services/x')?.rule.label).toBe(
      'Avvance production API',
    );
    expect(matchAvvanceCall('https://api2.usbank.com.evil.com/poslp/services/x')?.rule.label).toBe(
      'Avvance API (any host)',
    );
  });

  it('is not fooled by userinfo that looks like a host', () => {
    const m = matchAvvanceCall('https://api2.usbank.com@evil.example/poslp/services/x');
    expect(m?.rule.label).toBe('Avvance API (any host)');
  });

  it('returns null and false for non-strings and absurdly long URLs, never throws', () => {
    expect(matchAvvanceCall(42 as unknown as string)).toBeNull();
    expect(isAvvanceCall(`http://x/poslp/services/${'a'.repeat(70_000)}`)).toBe(false);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl(), (s, u) => {
        matchAvvanceCall(s);
        matchAvvanceCall(u + s);
      }),
    );
  });
});

describe('matchAvvanceCall with custom rules', () => {
  it('returns the matched rule and its index, skipping disabled and invalid rules', () => {
    const rules: DetectionRules = [
      { kind: 'host', glob: '*.usbank.com', enabled: false },
      { kind: 'regex', pattern: '(' },
      { kind: 'host', glob: '' },
      { kind: 'host', glob: '*.usbank.com', label: 'bank' },
    ];
    expect(matchAvvanceCall('https://a.b.usbank.com/x', rules)).toEqual({ rule: rules[3], index: 3 });
    expect(matchAvvanceCall('https://usbank.com/x', rules)).toBeNull();
    expect(matchAvvanceCall('https://usbank.com.evil.com/x', rules)).toBeNull();
  });

  it('host globs: inner wildcard, lone star, ports and IPv6', () => {
    const m = (glob: string, url: string) => isAvvanceCall(url, [{ kind: 'host', glob }]);
    expect(m('*onboarding.usbank.com', 'https://uat01-onboarding.usbank.com/')).toBe(true);
    expect(m('*onboarding.usbank.com', 'https://onboarding.usbank.com/')).toBe(true);
    expect(m('*onboarding.usbank.com', 'https://a.onboarding.usbank.com/')).toBe(false);
    expect(m('api.*.com', 'https://api.x.com/')).toBe(true);
    expect(m('api.*.com', 'https://api.x.y.com/')).toBe(false);
    expect(m('*', 'https://anything.example/')).toBe(true);
    expect(m('localhost:3000', 'http://localhost:3000/')).toBe(true);
    expect(m('localhost:3000', 'http://localhost:3001/')).toBe(false);
    expect(m('localhost:*', 'http://localhost:3001/')).toBe(true);
    expect(m('example.com:443', 'https://example.com/')).toBe(true);
    expect(m('example.com:80', 'http://example.com/')).toBe(true);
    expect(m('example.com:8080', 'http://example.com/')).toBe(false);
    expect(m('example.com:443', 'http://example.com/')).toBe(false);
    expect(m('[::1]', 'http://[::1]:9/')).toBe(true);
    expect(m('[0:0::1]:9', 'http://[::1]:9/')).toBe(true);
    expect(m('[::1]:10', 'http://[::1]:9/')).toBe(false);
    expect(m('USBank.com.', 'https://usbank.com./')).toBe(true);
  });

  it('path-prefix rules may be restricted to a host glob', () => {
    const rules: DetectionRules = [{ kind: 'path-prefix', prefix: '/pay', host: '*.shop.test' }];
    expect(isAvvanceCall('https://www.shop.test/pay/now', rules)).toBe(true);
    expect(isAvvanceCall('https://www.other.test/pay/now', rules)).toBe(false);
    expect(isAvvanceCall('https://www.shop.test/payment', rules)).toBe(false);
  });

  it('regex rules see the decoded path and the raw one, with the host lower-cased', () => {
    const rules: DetectionRules = [
      { kind: 'regex', pattern: '^https://shop\\.test/api/avvance/', flags: 'i' },
    ];
    expect(isAvvanceCall('https://SHOP.test/api%2Favvance/x', rules)).toBe(true);
    const raw: DetectionRules = [{ kind: 'regex', pattern: '%2Fsecret' }];
    expect(isAvvanceCall('https://shop.test/a%2Fsecret', raw)).toBe(true);
    expect(isAvvanceCall('https://shop.test/a/secret', raw)).toBe(false);
  });

  it('compiles each list once (identity cache) and default rules are used when omitted', () => {
    expect(isAvvanceCall('https://api2.usbank.com/poslp/services/x', DEFAULT_DETECTION_RULES)).toBe(true);
    const rules: DetectionRules = [{ kind: 'regex', pattern: 'x' }];
    expect(isAvvanceCall('https://x.test/', rules)).toBe(true);
    expect(isAvvanceCall('https://x.test/', rules)).toBe(true);
  });
});
