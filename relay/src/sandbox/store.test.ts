import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildSandbox } from './__tests__/helpers.ts';
import { BoundedMap } from './bounded-map.ts';
import { createFakeClock, scaledDurations, systemClock } from './clock.ts';
import { createSandboxCore } from './core.ts';
import { buildOffers, formatUsDate, monthlyPayment } from './offers.ts';
import { resolveSandboxOptions } from './options.ts';
import { sandboxPlugin } from './plugin.ts';

describe('BoundedMap', () => {
  it('evicts the oldest write beyond the cap', () => {
    const evicted: string[] = [];
    const m = new BoundedMap<string, number>({
      cap: 2,
      ttlMs: Number.POSITIVE_INFINITY,
      clock: createFakeClock(),
      onEvict: (k) => evicted.push(k),
    });
    m.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect(m.values()).toEqual([3, 4]);
    expect(evicted).toEqual(['b']);
    expect(m.has('b')).toBe(false);
    expect(m.delete('a')).toBe(true);
    m.clear();
    expect(m.size).toBe(0);
  });

  it('expires entries after their TTL', () => {
    const clock = createFakeClock();
    const evicted: string[] = [];
    const m = new BoundedMap<string, number>({
      cap: 10,
      ttlMs: 1000,
      clock,
      onEvict: (k) => evicted.push(k),
    });
    m.set('a', 1);
    clock.advance(500);
    m.set('b', 2);
    clock.advance(500);
    expect(m.get('a')).toBeUndefined();
    expect(m.size).toBe(1);
    clock.advance(500);
    expect(m.values()).toEqual([]);
    expect(evicted).toEqual(['a', 'b']);
  });

  it('caps applications per partner (oldest evicted, session index cleaned)', async () => {
    const sb = await buildSandbox({ limits: { applicationsPerPartner: 2 } });
    const first = await sb.create();
    await sb.create();
    await sb.create();
    expect(sb.core.store.findApplication(first.guid)).toBeUndefined();
    expect(sb.core.store.partner('partner-org-name')!.sessions.has(first.sessionId)).toBe(false);
    // The evicted session id may be used again.
    expect((await sb.create({ partnerSessionId: first.sessionId })).sessionId).toBeDefined();
    await sb.close();
  });
});

describe('clock', () => {
  it('fake clock fires timers in order and can cancel them', () => {
    const clock = createFakeClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(2), 20);
    const t = clock.setTimeout(() => fired.push(3), 30);
    clock.setTimeout(() => fired.push(1), 10);
    clock.clearTimeout(t);
    clock.advance(25);
    expect(fired).toEqual([1, 2]);
    expect(clock.now()).toBe(25);
    expect(clock.pending()).toBe(0);
  });

  it('system clock timers are unref’d and cancellable', () => {
    const t = systemClock.setTimeout(() => undefined, 10_000);
    systemClock.clearTimeout(t);
    expect(systemClock.now()).toBeGreaterThan(0);
  });

  it('timeScale divides the business durations', () => {
    expect(scaledDurations(1).approvedExpiryMs).toBe(48 * 3_600_000);
    expect(scaledDurations(3600)).toMatchObject({ approvedExpiryMs: 48_000, tokenTtlMs: 250 });
  });
});

describe('options', () => {
  it('validates at registration (fail fast, coded)', async () => {
    const bad: [object, RegExp][] = [
      [{ partners: [] }, /partners/],
      [{ partners: [{ partnerId: 'p', clientKey: 'a:b', clientSecret: 's', merchantIds: [] }] }, /clientKey/],
      [{ partners: [{ partnerId: 'p', clientKey: 'k', clientSecret: '', merchantIds: [] }] }, /clientSecret/],
      [
        { partners: [{ partnerId: 'p', clientKey: 'k', clientSecret: 's', merchantIds: ['12'] }] },
        /merchantIds/,
      ],
      [
        { partners: [{ partnerId: 'p', clientKey: 'k', clientSecret: 's', merchantIds: 'x' }] },
        /merchantIds/,
      ],
      [
        {
          partners: [
            { partnerId: 'p', clientKey: 'k', clientSecret: 's', merchantIds: [] },
            { partnerId: 'p', clientKey: 'k2', clientSecret: 's', merchantIds: [] },
          ],
        },
        /duplicate/,
      ],
      [
        {
          partners: [
            { partnerId: 'p', clientKey: 'k', clientSecret: 's', merchantIds: [] },
            { partnerId: 'q', clientKey: 'k', clientSecret: 's', merchantIds: [] },
          ],
        },
        /duplicate client key/,
      ],
      [
        {
          partners: [
            {
              partnerId: 'p',
              clientKey: 'k',
              clientSecret: 's',
              merchantIds: [],
              webhook: { url: 'file:///etc/passwd', auth: { type: 'basic', username: 'u', password: 'p' } },
            },
          ],
        },
        /http/,
      ],
      [{ publicBaseUrl: 'not a url' }, /publicBaseUrl/],
      [{ publicBaseUrl: 'ftp://x' }, /publicBaseUrl/],
      [{ publicBaseUrl: 'http://x/?a=1' }, /publicBaseUrl/],
      [{ timeScale: 0 }, /timeScale/],
      [{ clock: {} }, /clock/],
      [{ faults: { always: 'boom' } }, /faults.always/],
      [{ faults: { timeoutMs: 1.5 } }, /faults.timeoutMs/],
      [{ webhooks: { retryDelaysMs: [-1] } }, /retryDelaysMs/],
      [{ limits: { tokens: 0 } }, /limits.tokens/],
    ];
    for (const [opts, message] of bad) {
      expect(() => resolveSandboxOptions(opts as never), JSON.stringify(opts)).toThrow(message);
      const app = Fastify();
      await expect(app.register(sandboxPlugin, opts as never).ready()).rejects.toMatchObject({
        code: 'SANDBOX_ERR_INVALID_OPTIONS',
      });
      await app.close();
    }
    expect(resolveSandboxOptions({ publicBaseUrl: 'http://127.0.0.1:8787/' }).publicBaseUrl).toBe(
      'http://127.0.0.1:8787',
    );
  });

  it('partners from options, with a webhook configured at start-up', () => {
    const core = createSandboxCore({
      clock: createFakeClock(),
      partners: [
        {
          partnerId: 'CONVERGE',
          clientKey: 'k',
          clientSecret: 's',
          merchantIds: ['8000000028'],
          webhook: { url: 'http://127.0.0.1:1/h', auth: { type: 'bearer', token: 't' } },
        },
      ],
    });
    const p = core.store.partner('CONVERGE')!;
    expect(p.merchants.get('8000000028')?.status).toBe('ACTIVE');
    expect(p.webhook?.events).toHaveLength(3);
    core.close();
  });
});

describe('offers', () => {
  it('amortises, formats and orders by term', () => {
    expect(monthlyPayment(1200, 0, 12)).toBe(100);
    expect(monthlyPayment(1000, 12, 12)).toBe(88.85);
    expect(formatUsDate(Date.UTC(2024, 0, 17))).toBe('01/17/2024');
    const offers = buildOffers(1240, Date.UTC(2024, 4, 10));
    expect(offers.map((o) => `${o.offerType}${o.termCount}`)).toEqual([
      'ZERO6',
      'ZERO12',
      'PROMO18',
      'APR24',
      'APR36',
      'APR48',
      'APR60',
    ]);
    expect(offers[2]).toMatchObject({
      promotionApr: 0,
      promotionTermInMonths: 6,
      promotionPaymentAmount: 206.67,
      firstPaymentDue: '06/09/2024',
    });
    expect(buildOffers(300, 0).map((o) => o.termCount)).toEqual([6, 12]);
  });

  it('price-breakdown refuses amounts outside the range and unknown merchants', async () => {
    const sb = await buildSandbox();
    const url = '/poslp/services/avvance-loan/v1/price-breakdown';
    expect(
      (await sb.call('POST', url, { body: { merchantId: '435523232323', amount: '299' } })).json().error
        .message,
    ).toBe('Amount must be between $300 and $25000');
    expect(
      (await sb.call('POST', url, { body: { merchantId: '1234567890', amount: '500' } })).json().error.code,
    ).toBe('400.44010.4120');
    await sb.close();
  });
});
