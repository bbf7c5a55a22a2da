import { describe, expect, it } from 'vitest';
import { OPTS } from './__tests__/helpers.ts';
import * as api from './index.ts';
import { Masker, maskerFor, maskText } from './masker.ts';

describe('Masker', () => {
  it('reuses one masker (and its caches) per options object', () => {
    expect(maskerFor(OPTS)).toBe(maskerFor(OPTS));
    expect(maskerFor({ ...OPTS })).not.toBe(maskerFor(OPTS));
  });

  it('returns fresh findings per call', () => {
    const m = new Masker(OPTS);
    const a = m.text('mail a@b.co');
    const b = m.text('nothing here');
    expect(a.findings).toEqual([{ path: 'text@5', kind: 'email' }]);
    expect(b.findings).toEqual([]);
  });

  it('exposes the session token of a value (to search masked captures)', () => {
    const m = new Masker(OPTS);
    expect(m.token('email', 'a@b.co')).toBe(m.text('a@b.co').value);
    expect(maskText('a@b.co', OPTS).value).toBe(m.token('email', 'a@b.co'));
  });

  it('fails fast on a missing salt', () => {
    expect(() => new Masker({ salt: '' })).toThrow(/salt/);
  });

  it('exports the public API from the barrel', () => {
    for (const name of [
      'maskJson',
      'maskText',
      'maskHeaders',
      'maskUrl',
      'maskBody',
      'maskExchange',
      'createMaskSalt',
      'Masker',
      'maskerFor',
      'isMaskToken',
      'maskTokenKind',
      'findSensitiveSpans',
      'luhnValid',
      'abaValid',
      'MASK_REDACTED',
      'MASK_KINDS',
      'MASK_TOKEN_PATTERN',
      'MAX_MASK_DEPTH',
    ]) {
      expect(api, name).toHaveProperty(name);
    }
  });
});
