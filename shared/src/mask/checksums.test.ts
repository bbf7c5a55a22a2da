import { describe, expect, it } from 'vitest';
import { abaValid, digitsOf, ipv6Valid, luhnValid } from './checksums.ts';

describe('checksums', () => {
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });

  it('ABA routing: prefix range and 3-7-1 checksum', () => {
    expect(abaValid('091000022')).toBe(true);
    expect(abaValid('021000021')).toBe(true);
    expect(abaValid('091000023')).toBe(false);
    expect(abaValid('501000026')).toBe(false);
    expect(abaValid('12345678')).toBe(false);
  });

  it('IPv6', () => {
    expect(ipv6Valid('2001:db8::1')).toBe(true);
    expect(ipv6Valid('fe80:0:0:0:202:b3ff:fe1e:8329')).toBe(true);
    expect(ipv6Valid('::')).toBe(false);
    expect(ipv6Valid('::1')).toBe(false);
    expect(ipv6Valid('1::2::3')).toBe(false);
    expect(ipv6Valid('17:08:50')).toBe(false);
    expect(ipv6Valid('12345::1')).toBe(false);
  });

  it('digitsOf', () => {
    expect(digitsOf('(612) 555-0142')).toBe('6125550142');
  });
});
