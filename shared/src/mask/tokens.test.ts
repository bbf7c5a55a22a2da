import { describe, expect, it } from 'vitest';
import {
  createMaskSalt,
  isMaskToken,
  MASK_KINDS,
  MASK_TOKEN_PATTERN,
  MAX_TOKEN_CACHE,
  REDACTED,
  TokenMinter,
  tokenKind,
} from './tokens.ts';

describe('TokenMinter', () => {
  const minter = new TokenMinter('salt-a');

  it.each([
    ['ssn', '123-45-6789', /^•••-••-6789#[0-9a-f]{6}$/],
    ['ssn', '6789', /^‹ssn#[0-9a-f]{6}›$/],
    ['card', '4111 1111 1111 1111', /^••••-••••-••••-1111#[0-9a-f]{6}$/],
    ['card', '04', /^‹card#[0-9a-f]{6}›$/],
    ['bank-account', '1234567890123', /^••••0123#[0-9a-f]{6}$/],
    ['loan-account', '12121312121312121121', /^••••1121#[0-9a-f]{6}$/],
    ['bank-account', '1234', /^‹bank-account#[0-9a-f]{6}›$/],
    ['email', 'Joe@Example.com', /^‹email#[0-9a-f]{6}›$/],
    ['name', 'José Núñez', /^‹name#[0-9a-f]{6}›$/],
    ['routing-number', '091000022', /^‹routing-number#[0-9a-f]{6}›$/],
  ] as const)('%s %s', (kind, value, format) => {
    const token = minter.token(kind, value);
    expect(token).toMatch(format);
    expect(isMaskToken(token)).toBe(true);
    expect(tokenKind(token)).toBe(kind === 'loan-account' ? 'bank-account' : kind);
  });

  it('is deterministic per salt and canonicalises formatting', () => {
    const other = new TokenMinter('salt-a');
    expect(other.token('phone', '(612) 555-0142')).toBe(minter.token('phone', '+1 612 555 0142'));
    expect(minter.token('email', 'JOE@x.io ')).toBe(minter.token('email', 'joe@x.io'));
    expect(minter.token('name', 'Joe   Dow')).toBe(minter.token('name', 'joe dow'));
    expect(new TokenMinter('salt-b').token('phone', '6125550142')).not.toBe(
      minter.token('phone', '6125550142'),
    );
    expect(minter.token('phone', '6125550142')).not.toBe(minter.token('custom', '6125550142'));
  });

  it('keeps working when its cache fills up', () => {
    const m = new TokenMinter('x');
    const first = m.token('custom', 'v0');
    for (let i = 1; i <= MAX_TOKEN_CACHE; i++) m.token('custom', `v${i}`);
    expect(m.token('custom', 'v0')).toBe(first);
  });

  it('rejects an empty salt at construction', () => {
    expect(() => new TokenMinter('')).toThrow(TypeError);
  });
});

describe('token helpers', () => {
  it('recognises tokens and nothing else', () => {
    expect(isMaskToken(REDACTED)).toBe(true);
    expect(isMaskToken('‹bogus#a1b2c3›')).toBe(true);
    expect(tokenKind('‹bogus#a1b2c3›')).toBe('custom');
    expect(tokenKind(REDACTED)).toBe('token');
    for (const s of [
      '',
      'abc',
      '[REDACTED] x',
      '‹email#a1b2›',
      '•••-••-6789',
      '••••-••••-••••-1111#zzzzzz',
    ]) {
      expect(isMaskToken(s), s).toBe(false);
    }
    MASK_TOKEN_PATTERN.lastIndex = 0;
    expect('a ‹email#a1b2c3› b [REDACTED]'.match(MASK_TOKEN_PATTERN)).toEqual([
      '‹email#a1b2c3›',
      '[REDACTED]',
    ]);
  });

  it('lists every kind once', () => {
    expect(new Set(MASK_KINDS).size).toBe(MASK_KINDS.length);
    expect(MASK_KINDS).toContain('unscanned');
  });

  it('creates random 128-bit hex salts', () => {
    const a = createMaskSalt();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(createMaskSalt()).not.toBe(a);
  });
});
