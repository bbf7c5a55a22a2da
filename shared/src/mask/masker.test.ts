import { describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../model/exchange.ts';
import { OPTS } from './__tests__/helpers.ts';
import * as api from './index.ts';
import { MaskContext } from './mask-context.ts';
import { Masker, maskExchange, maskerFor, maskText } from './masker.ts';

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

  it('with findings off, builds no finding paths but masks the same and records again next call', () => {
    const m = new Masker(OPTS);
    const body = {
      consumer: { email: 'a@b.co', notes: 'call 612-555-0142' },
      metadata: [{ key: 'ssn', value: '1' }],
    };
    const path = vi.spyOn(MaskContext.prototype, 'path');
    try {
      const quiet = m.json(body, { findings: false });
      expect(path).not.toHaveBeenCalled();
      expect(quiet.findings).toEqual([]);
      const loud = m.json(body);
      expect(path).toHaveBeenCalled();
      expect(loud.findings.map((f) => f.path)).toEqual([
        'consumer.email',
        'consumer.notes',
        'metadata[0].value',
      ]);
      expect(quiet.value).toEqual(loud.value);
    } finally {
      path.mockRestore();
    }
  });

  it('with findings off, an exchange masks the same (relay broadcast)', () => {
    const x: Exchange = {
      id: 'x',
      source: 'page',
      request: {
        id: 'r',
        timestamp: '2026-01-01T00:00:00Z',
        type: 'request',
        method: 'POST',
        url: 'https://h.test/a?email=a@b.co',
        headers: { authorization: 'Bearer abcdefghijklmnop1', 'content-type': 'application/json' },
        body: '{"consumer":{"ssn":"123-45-6789"}}',
        partnerId: 'p',
        userId: 'u',
      },
      timings: { startedAt: 0 },
      masked: false,
      requestBodyStatus: 'complete',
      responseBodyStatus: 'absent',
    };
    const loud = maskExchange(x, OPTS);
    expect(loud.findings.length).toBe(3);
    expect(maskExchange(x, OPTS, { findings: false })).toEqual({ value: loud.value, findings: [] });
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
