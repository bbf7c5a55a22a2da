import { describe, expect, it } from 'vitest';
import { createCallExchange, loanStatusExchange, makeExchange } from '../../__tests__/fixtures/exchanges.ts';
import { explainErrorBody } from '../error-hints.ts';
import { checkExchange } from '../spec-check.ts';

describe('checkExchange', () => {
  it('matches the operation and accepts a conforming create call', () => {
    const x = createCallExchange();
    x.request.headers['partner-ID'] = 'partner-org-name';
    const report = checkExchange(x);
    expect(report.operation?.operationId).toBe('createFinancing');
    expect(report.issues).toEqual([]);
  });

  it('flags missing and malformed headers without echoing values', () => {
    const x = createCallExchange();
    x.request.headers['correlation-id'] = 'not-a-uuid-555-0142';
    const report = checkExchange(x);
    expect(report.issues).toContainEqual({
      where: 'header',
      path: 'partner-ID',
      message: 'required header is missing',
    });
    const corr = report.issues.find((i) => i.path === 'Correlation-ID');
    expect(corr?.message).toMatch(/UUID/);
    expect(JSON.stringify(report)).not.toContain('555-0142');
  });

  it('validates the JSON body against the request schema', () => {
    const x = createCallExchange();
    x.request.body = { merchantId: 5, invoiceAmount: 'abc' };
    const paths = checkExchange(x)
      .issues.filter((i) => i.where === 'body')
      .map((i) => i.path);
    expect(paths).toContain('');
    expect(paths).toContain('/merchantId');
    expect(paths).toContain('/invoiceAmount');
  });

  it('leaves unknown endpoints alone', () => {
    expect(checkExchange(makeExchange({ url: 'https://shop.test/api/cart' }))).toEqual({ issues: [] });
  });

  it('explains Avvance error codes', () => {
    expect(checkExchange(loanStatusExchange()).error).toMatchObject({
      code: '400.44010.4130',
      catalogueMessage: 'Loan yet to be authorized',
    });
    const missing = explainErrorBody({
      error: {
        code: '400.44010.4106',
        message: 'Required header(s) missing',
        details: [{ attributeName: 'Correlation-ID', reason: 'missing' }],
      },
    });
    expect(missing?.hint).toMatch(/Correlation-ID \(a fresh UUID v4/);
    expect(missing?.details).toEqual(['Correlation-ID: missing']);
    expect(explainErrorBody({ status: 'SUCCESS' })).toBeUndefined();
    expect(explainErrorBody({ error: { code: '499.1.1', message: 'x' } })?.hint).toBeUndefined();
  });
});
