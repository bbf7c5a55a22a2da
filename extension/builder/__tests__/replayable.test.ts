import { describe, expect, it } from 'vitest';
import { replayability } from '../replayable.ts';

const call = (source: 'page' | 'proxy' | 'webhook', method: string, url: string) => ({
  source,
  request: {
    id: 'r',
    timestamp: '2026-11-25T00:00:00.000Z',
    type: 'request' as const,
    method,
    url,
    headers: {},
    partnerId: 'p',
    userId: 'u',
  },
});

describe('replayability: Edit & replay only for calls to the Avvance API', () => {
  it('accepts Avvance operations, whatever the host or relay prefix', () => {
    expect(
      replayability(call('page', 'POST', 'https://api.usbank.com/poslp/services/avvance-loan/v1/create')),
    ).toEqual({ ok: true });
    expect(
      replayability(
        call(
          'proxy',
          'GET',
          'http://127.0.0.1:8787/v1/proxy/sandbox/poslp/services/avvance-loan/v1/products',
        ),
      ),
    ).toEqual({ ok: true });
  });

  it("refuses the page's calls to its own backend, saying what to replay instead", () => {
    const r = replayability(call('page', 'POST', 'http://127.0.0.1:5173/api/avvance/create'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('Not an Avvance API call');
  });

  it('refuses a received webhook and points at the sandbox redelivery', () => {
    const r = replayability(call('webhook', 'POST', 'http://127.0.0.1:8787/v1/webhooks/partner-org-name'));
    expect(!r.ok && r.reason).toContain('/sandbox/v1/webhook-deliveries');
  });

  it('a known path with the wrong method is not an operation either', () => {
    expect(
      replayability(call('page', 'DELETE', 'https://x.test/poslp/services/avvance-loan/v1/create')).ok,
    ).toBe(false);
  });
});
