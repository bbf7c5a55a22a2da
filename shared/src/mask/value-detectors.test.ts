import { describe, expect, it } from 'vitest';
import { findSpans, type ScanProfile } from './value-detectors.ts';

/**
 * Table specs: `⟦kind|text⟧` marks where a span of `kind` is expected; everything else must not be
 * detected. `⟦=kind|text⟧` marks an already-masked token (reported, not replaced).
 */
function parseSpec(spec: string): { text: string; expected: string[] } {
  let text = '';
  const expected: string[] = [];
  const re = /⟦(=?)([a-z-]+)\|([^⟧]*)⟧/g;
  let last = 0;
  for (let m = re.exec(spec); m !== null; m = re.exec(spec)) {
    text += spec.slice(last, m.index);
    expected.push(`${m[2]}${m[1] === '=' ? '(masked)' : ''}@${text.length}:${m[3]}`);
    text += m[3];
    last = m.index + m[0].length;
  }
  return { text: text + spec.slice(last), expected };
}

function check(spec: string, profile: ScanProfile = 'all'): void {
  const { text, expected } = parseSpec(spec);
  const actual = findSpans(text, profile).map(
    (s) => `${s.kind}${s.masked ? '(masked)' : ''}@${s.start}:${text.slice(s.start, s.end)}`,
  );
  expect(actual, spec).toEqual(expected);
}

describe('findSpans: SSN', () => {
  it.each([
    'SSN ⟦ssn|123-45-6789⟧ on file',
    'SSN ⟦ssn|123456789⟧',
    'SSN ⟦ssn|123 45 6789⟧.',
    'sandbox ⟦ssn|666-12-0000⟧ approves',
    'mixed separators 123-45 6789 are not an SSN',
    'masked elsewhere ***-**-6789 and XXX-XX-6789 keep only last four',
    'part of a longer id INV123456789 is not an SSN',
    'amount 123456789.00 is a decimal',
  ])('%s', (spec) => check(spec));
});

describe('findSpans: cards', () => {
  it.each([
    'card ⟦card|4111111111111111⟧',
    'card ⟦card|4111 1111 1111 1111⟧ exp 04/28',
    'card ⟦card|4111-1111-1111-1111⟧',
    'amex ⟦card|378282246310005⟧',
    'mastercard ⟦card|5555555555554444⟧, visa ⟦card|4012888888881881⟧',
    'card followed by digits ⟦card|4111 1111 1111 1111⟧ 12',
    'after a stray digit 5 ⟦card|4111 1111 1111 1111⟧',
    'Luhn-invalid 4111 1111 1111 1112 is not a card',
    'epoch ms 1700000000000 is not a card',
  ])('%s', (spec) => check(spec));

  it('a long Luhn-invalid digit run is still masked as an account number', () => {
    check('⟦bank-account|4111111111111112⟧');
  });
});

describe('findSpans: phones', () => {
  it.each([
    'call ⟦phone|9009009000⟧',
    'call ⟦phone|(612) 555-0142⟧',
    'call ⟦phone|612-555-0142⟧ or ⟦phone|612.555.0142⟧',
    'call ⟦phone|+1 612 555 0142⟧',
    'call ⟦phone|+16125550142⟧',
    'call ⟦phone|1-612-555-0142⟧',
    'call ⟦phone|612-555-0142 x123⟧ now',
    'UK ⟦phone|+442079460958⟧',
    'epoch seconds 1700000000 is not a phone (area code cannot start with 1)',
    'exchange 012: 612-012-0142 is not a phone',
  ])('%s', (spec) => check(spec));

  it('a MID in free text is indistinguishable from a phone (key rules keep it under merchantId)', () => {
    check('merchant ⟦phone|8025491732⟧');
  });
});

describe('findSpans: routing and account numbers', () => {
  it.each([
    'routing ⟦routing-number|091000022⟧',
    'routing ⟦routing-number|021000021⟧',
    'loan account ⟦bank-account|12121312121312121121⟧',
    '13 digits 1234567890123 are left alone',
  ])('%s', (spec) => check(spec));
});

describe('findSpans: emails', () => {
  it.each([
    'mail ⟦email|john.doe@gmail.com⟧',
    'plus ⟦email|joe+avvance@example.com⟧.',
    'John Doe, ⟦email|John.doe@acme.com⟧',
    '<⟦email|a@b.co⟧>',
    'url ?user=⟦email|joe@x.com⟧&x=1',
    'José ⟦email|josé@exämple.com⟧',
    'not an email: a@b, @handle, user@localhost, x@y.c',
    'two ⟦email|a@b.io⟧ ⟦email|c@d.io⟧',
  ])('%s', (spec) => check(spec));
});

describe('findSpans: IP addresses', () => {
  it.each([
    'ip ⟦ip|100.100.0.10⟧',
    'xff ⟦ip|1.2.3.4⟧, ⟦ip|10.0.0.1⟧',
    'v6 ⟦ip|2001:db8::1⟧ and ⟦ip|fe80:0:0:0:202:b3ff:fe1e:8329⟧',
    'loopback 127.0.0.1, ::1 and 0.0.0.0 are kept',
    'version 1.2.3.4.5 and 999.1.1.1 are not addresses',
    'time 17:08:50 and MAC 00:1a:2b:3c:4d:5e are not addresses',
  ])('%s', (spec) => check(spec));
});

describe('findSpans: credentials', () => {
  it.each([
    'Authorization: Bearer ⟦token|Mb6LKWrsfPGkS3mOLj1rPnwsPVW1R⟧',
    'Basic ⟦token|MXN5c2VjcmV0OmtleQ==⟧',
    'jwt ⟦token|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl⟧',
    'Basic information is not a credential',
    'Bearer ⟦=token|[REDACTED]⟧ is already masked',
  ])('%s', (spec) => check(spec));
});

describe('findSpans: values that must survive', () => {
  it.each([
    '2023-06-28T17:08:50.000+0000',
    '2024-10-21T20:55:20.089Z',
    '01/17/2024',
    '1985-04-12',
    '77ebbf62-2869-4953-9302-a1bf46c6e112',
    '12345678-1234-4123-8123-123456789012',
    '116.67',
    '25000.00',
    'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
    'poslapr060',
    'partner-org-name',
    'My Test Purchase',
    '500.44010.50010',
    'short',
  ])('%s', (spec) => check(spec));
});

describe('findSpans: profiles and tokens', () => {
  it('textual profile ignores digit shapes but still finds emails', () => {
    check('8025491732 ⟦email|a@b.com⟧', 'textual');
  });

  it('recognises existing tokens and never matches inside them', () => {
    check('⟦=ssn|•••-••-6789#a1b2c3⟧ ⟦=phone|‹phone#123456›⟧ ⟦=card|••••-••••-••••-1111#a1b2c3⟧');
    check('⟦=bank-account|••••1121#a1b2c3⟧ ⟦=custom|‹bogus#a1b2c3›⟧');
  });

  it('resolves overlaps by priority: an email wins over a phone inside it', () => {
    check('⟦email|6125550142@example.com⟧');
  });
});
