import { describe, expect, it } from 'vitest';
import { CORPUS } from './__fixtures__/exchanges.ts';
import { buildSearchIndex, MAX_REGEX_INPUT_CHARS, regexInput, searchIndexOf } from './search-index.ts';

describe('buildSearchIndex', () => {
  it('joins url, method, status, error and bodies in lower case', () => {
    expect(buildSearchIndex(CORPUS.loanStatus).split('\n')).toEqual([
      'https://alpha-api2.usbank.com/poslp/services/avvance-loan/v1/loan-status?applicationguid=7b831e4d-3c2a-4f1e-9d7b-2a9c5e1f0b64',
      'get',
      '400',
      '',
      '{"code":"avv-400","message":"loan yet to be authorized"}',
    ]);
    expect(buildSearchIndex(CORPUS.networkError)).toContain('\n0\nnet::err_connection_refused\n');
    expect(buildSearchIndex(CORPUS.pending).split('\n')).toHaveLength(3);
  });

  it('is built on the spot when the caller has none', () => {
    expect(searchIndexOf({ exchange: CORPUS.token })).toBe(buildSearchIndex(CORPUS.token));
    expect(searchIndexOf({ exchange: CORPUS.token, searchIndex: 'given' })).toBe('given');
  });
});

describe('regexInput', () => {
  it(`keeps the first ${MAX_REGEX_INPUT_CHARS} characters`, () => {
    expect(regexInput('short')).toBe('short');
    expect(regexInput('x'.repeat(MAX_REGEX_INPUT_CHARS + 5))).toHaveLength(MAX_REGEX_INPUT_CHARS);
  });
});
