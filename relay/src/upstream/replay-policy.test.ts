import { describe, expect, it } from 'vitest';
import { CONFIG_BLOCK_REASON, ReplayPolicy } from './replay-policy.ts';

const LOAN = '/poslp/services/avvance-loan/v1';

describe('ReplayPolicy', () => {
  const policy = new ReplayPolicy([
    'POST /sandbox/v1/applications/{applicationGUID}/submit',
    '* /poslp/custom/*',
  ]);

  it.each([
    ['POST', `${LOAN}/void`],
    ['POST', `${LOAN}/%76oid`],
    ['POST', `${LOAN}/%2576oid`],
    ['POST', `${LOAN}/void/`],
    ['POST', `${LOAN}/void;x`],
    ['POST', `${LOAN}/x/../void`],
    ['post', `${LOAN}/refund`],
    ['POST', `${LOAN}/unenroll`],
    ['PUT', `${LOAN}/products`],
    ['POST', '/auth/oauth2/v1/token'],
  ])('%s %s is blocked by the OpenAPI document', (method, path) => {
    expect(policy.blockedReason(method, path)).toBeTruthy();
  });

  it('blocks configured entries with templates and wildcards', () => {
    expect(policy.blockedReason('POST', '/sandbox/v1/applications/abc/submit')).toBe(CONFIG_BLOCK_REASON);
    expect(policy.blockedReason('DELETE', '/poslp/custom/thing')).toBe(CONFIG_BLOCK_REASON);
    expect(policy.blockedReason('GET', '/sandbox/v1/applications/abc/submit')).toBeUndefined();
  });

  it('allows ordinary calls', () => {
    expect(policy.blockedReason('POST', `${LOAN}/create`)).toBeUndefined();
    expect(policy.blockedReason('GET', `${LOAN}/products`)).toBeUndefined();
  });

  it('refuses malformed configuration at construction', () => {
    expect(() => new ReplayPolicy(['void'])).toThrow(TypeError);
  });
});
