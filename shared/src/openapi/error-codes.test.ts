import { describe, expect, it } from 'vitest';
import { check, createAjv } from './__tests__/ajv.ts';
import { AVVANCE_ERROR_CODES, AVVANCE_ERROR_HELP_URL, avvanceErrorBody } from './error-codes.ts';
import { AVVANCE_ERROR_CODE_PATTERN, ErrorResponse } from './schemas/common.ts';

describe('AVVANCE_ERROR_CODES', () => {
  it.each(Object.entries(AVVANCE_ERROR_CODES))(
    '%s is AAA.44010.CCCC with AAA = its status',
    (_key, entry) => {
      expect(entry.code).toMatch(new RegExp(AVVANCE_ERROR_CODE_PATTERN));
      expect(entry.code.split('.')).toEqual([
        String(entry.status),
        '44010',
        expect.stringMatching(/^\d{4,5}$/),
      ]);
    },
  );

  it('has unique codes, and the spec example verbatim', () => {
    const codes = Object.values(AVVANCE_ERROR_CODES).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(AVVANCE_ERROR_CODES.subsystemUnavailable).toMatchObject({
      code: '500.44010.50010',
      message: 'Subsystem Data unavailable',
      source: 'confirmed',
    });
  });
});

describe('avvanceErrorBody', () => {
  const ajv = createAjv();
  const at = new Date('2024-05-10T17:08:50.000Z');

  it('builds a valid BaseResponse with defaults', () => {
    const body = avvanceErrorBody('requiredHeaderMissing', { at });
    expect(body).toEqual({
      error: { code: '400.44010.4106', message: 'Required header(s) missing', help: AVVANCE_ERROR_HELP_URL },
      timestamp: '2024-05-10T17:08:50.000+0000',
    });
    expect(check(ajv, ErrorResponse, body)).toBeUndefined();
  });

  it('overrides the message, adds details and can omit help', () => {
    const body = avvanceErrorBody('loanNotAuthorized', {
      at,
      message: 'Loan yet to be authorized',
      help: null,
      details: [{ attributeName: 'PartnerSession-ID', reason: 'Not authorized yet' }],
    });
    expect(body.error).toEqual({
      code: '400.44010.4130',
      message: 'Loan yet to be authorized',
      details: [{ attributeName: 'PartnerSession-ID', reason: 'Not authorized yet' }],
    });
    expect(avvanceErrorBody('notFound', { at, details: [] }).error.details).toBeUndefined();
  });

  it('stamps the current time by default', () => {
    expect(avvanceErrorBody('unauthorized').timestamp).toMatch(/\+0000$/);
  });
});
