import { describe, expect, it } from 'vitest';
import { deepFreeze, describeFindings, OPTS } from './__tests__/helpers.ts';
import { maskHeaders } from './masker.ts';

describe('maskHeaders', () => {
  it('redacts credentials, keeping the Authorization scheme', () => {
    const { value, findings } = maskHeaders(
      deepFreeze({
        Authorization: 'Basic MXN5c2VjcmV0OmtleQ==',
        'Proxy-Authorization': 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
        'X-Avvance-Token': 'Mb6LKWrsfPGkS3mOLj1rPnwsPVW1R',
        'X-Webhook-Signature': 'sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        'x-api-key': 'k-123',
      }),
      OPTS,
    );
    expect(value).toEqual({
      Authorization: 'Basic [REDACTED]',
      'Proxy-Authorization': 'Bearer [REDACTED]',
      'X-Avvance-Token': '[REDACTED]',
      'X-Webhook-Signature': '[REDACTED]',
      'x-api-key': '[REDACTED]',
    });
    expect(describeFindings(findings)).toEqual([
      'header:authorization → secret',
      'header:proxy-authorization → token',
      'header:x-api-key → secret',
      'header:x-avvance-token → token',
      'header:x-webhook-signature → secret',
    ]);
  });

  it('redacts a scheme-less Authorization value entirely', () => {
    expect(maskHeaders({ authorization: 'opaque' }, OPTS).value).toEqual({ authorization: '[REDACTED]' });
  });

  it('keeps cookie names and Set-Cookie attributes', () => {
    const { value } = maskHeaders(
      {
        cookie: 'sid=abc123; theme=dark; flag',
        'set-cookie': 'sid=abc; Path=/; HttpOnly; Secure\nempty=; Max-Age=0\nlone=v',
      },
      OPTS,
    );
    expect(value).toEqual({
      cookie: 'sid=[REDACTED]; theme=[REDACTED]; [REDACTED]',
      'set-cookie': 'sid=[REDACTED]; Path=/; HttpOnly; Secure\nempty=; Max-Age=0\nlone=[REDACTED]',
    });
  });

  it('tokenises client IPs one address at a time', () => {
    const { value, findings } = maskHeaders(
      { 'X-Forwarded-For': '1.2.3.4, 10.0.0.1', 'X-Client-IP': '2001:db8::1', 'X-Real-IP': '100.100.0.10' },
      OPTS,
    );
    expect(value['X-Forwarded-For']).toMatch(/^‹ip#[0-9a-f]{6}›, ‹ip#[0-9a-f]{6}›$/);
    expect(value['X-Client-IP']).toMatch(/^‹ip#[0-9a-f]{6}›$/);
    expect(describeFindings(findings)).toEqual([
      'header:x-client-ip → ip',
      'header:x-forwarded-for → ip',
      'header:x-real-ip → ip',
    ]);
    expect(maskHeaders(value, OPTS).value).toEqual(value);
  });

  it('keeps Avvance ids, dates and the browser User-Agent', () => {
    const headers = {
      'Correlation-ID': '77ebbf62-2869-4953-9302-a1bf46c6e112',
      'partner-ID': 'partner-org-name',
      merchantId: '435523232323',
      'Merchant-ID': '8025491732',
      'merchant-Id': '8025491732',
      Identifier: '8025491732',
      notificationId: '7b831e4d-cfc7-4215-bad4-11a88eff8090',
      'PartnerSession-ID': '77ebbf62-2869-4953-9302-a1bf46c6e112',
      'Session-ID': '0d5c3a52-6f41-4c38-9d0e-3a1b2c4d5e6f',
      startDate: '2024-05-01',
      pageSize: '100',
      routingKey: 'uat3',
      'Channel-ID': 'Web',
      'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0.0.0',
      Host: '127.0.0.1:8080',
      'Content-Type': 'application/json',
      Date: 'Wed, 21 Oct 2015 07:28:00 GMT',
    };
    const { value, findings } = maskHeaders(headers, OPTS);
    expect(value).toEqual(headers);
    expect(findings).toEqual([]);
  });

  it('masks URLs in Referer/Location and shapes in unknown headers', () => {
    const { value, findings } = maskHeaders(
      {
        Referer: 'https://shop.example/checkout?email=joe%40example.com',
        Location: 'https://uat01-onboarding.usbank.com/app?token=abc',
        'X-Debug': 'customer 612-555-0142',
      },
      OPTS,
    );
    expect(value['Referer']).toMatch(/^https:\/\/shop\.example\/checkout\?email=‹email%23[0-9a-f]{6}›$/);
    expect(value['Location']).toBe('https://uat01-onboarding.usbank.com/app?token=[REDACTED]');
    expect(value['X-Debug']).toMatch(/^customer ‹phone#/);
    expect(describeFindings(findings)).toEqual([
      'header:location.query:token → token',
      'header:referer.query:email → email',
      'header:x-debug → phone',
    ]);
  });

  it('honours allowKeys and extraKeys for headers', () => {
    const { value } = maskHeaders(
      { 'User-Agent': 'UA 1', 'X-Tenant': 'acme' },
      { salt: 's', extraKeys: ['user-agent', 'x-tenant'] },
    );
    expect(value['User-Agent']).toMatch(/^‹device#/);
    expect(value['X-Tenant']).toMatch(/^‹custom#/);
    const allowed = maskHeaders({ Authorization: 'Bearer x' }, { salt: 's', allowKeys: ['authorization'] });
    expect(allowed.value).toEqual({ Authorization: 'Bearer x' });
  });

  it('copies non-string values defensively', () => {
    const odd = { 'x-count': 3 } as unknown as Record<string, string>;
    expect(maskHeaders(odd, OPTS).value).toEqual({ 'x-count': 3 });
  });
});
