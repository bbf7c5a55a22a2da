import { afterEach, describe, expect, it, vi } from 'vitest';
import { Masker } from '../../../../shared/src/mask/masker.ts';
import type { Exchange } from '../../../../shared/src/model/exchange.ts';
import { parseServerMessage } from '../../../../shared/src/protocol/parse.ts';
import { SessionHub } from '../hub.ts';
import { namedSessionId } from '../ids.ts';
import { isPreMasked, maskOnce } from '../pre-masked.ts';
import type { Subscriber } from '../session.ts';
import { piiExchange } from './fixtures.ts';

const ada = { sub: 'u-ada', name: 'Ada', role: 'developer', partnerId: 'partner-a' } as const;
let h: SessionHub | undefined;
afterEach(() => h?.close());

function events(): Subscriber & { texts: string[] } {
  const texts: string[] = [];
  return {
    id: 'c-1',
    texts,
    deliver(frame) {
      const p = parseServerMessage(frame);
      if (p.ok && p.message.type === 'event') texts.push(JSON.stringify(p.message.exchange));
    },
  };
}
const member = { id: 'c-1', userId: 'u', name: 'U', role: 'developer' as const, state: 'active' as const };
const PII = ['123-45-6789', 'ada.lovelace@example.com', 'abc.def.ghi'];

describe('pre-masked exchanges (mask once per in-process publish)', () => {
  it('trusts only the object maskOnce returned, never a copy claiming masked: true', () => {
    const masked = maskOnce(new Masker({ salt: 's' }), piiExchange());
    expect(isPreMasked(masked)).toBe(true);
    expect(isPreMasked(structuredClone(masked))).toBe(false);
    const forged = { ...piiExchange(), masked: true } as Exchange;
    expect(isPreMasked(forged)).toBe(false);
  });

  it('the session skips its own pass for a pre-masked exchange and the broadcast equals the double-masked one', () => {
    h = new SessionHub({ publicUrl: 'https://r/', backlog: { maxEvents: 10, maxBytes: 1e9 }, namedKey: 'k' });
    const s = h.create(ada);
    const sub = events();
    s.subscribe(sub, member);
    const relayMasker = new Masker({ salt: 'partner-salt' });
    const once = maskOnce(relayMasker, piiExchange());
    const spy = vi.spyOn(Masker.prototype, 'exchange');
    s.publish(once, { id: 'relay', userId: 'u', name: 'U' });
    expect(spy).not.toHaveBeenCalled();
    // A client publish of the very same content (a decoded frame: another object) is masked again.
    s.publish(JSON.parse(JSON.stringify(once)) as Exchange, { id: 'c-2', userId: 'u', name: 'U' });
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    // Idempotence: both broadcasts carry the same masked exchange, with no PII.
    expect(sub.texts).toHaveLength(2);
    expect(sub.texts[0]).toBe(sub.texts[1]);
    for (const t of sub.texts) for (const v of PII) expect(t).not.toContain(v);
    // The published object itself is not mutated by the session (sentBy is set on a copy).
    expect(once.sentBy).toBeUndefined();
  });

  it('in place (an exchange handed over): same output as the copying pass, no PII left in the object', () => {
    const masker = new Masker({ salt: 's' });
    const copied = maskOnce(masker, piiExchange());
    const handed = piiExchange();
    const inPlace = maskOnce(masker, handed, true);
    expect(JSON.stringify(inPlace)).toBe(JSON.stringify(copied));
    expect(isPreMasked(inPlace)).toBe(true);
    // The copying pass leaves its input alone; the in-place pass leaves no PII behind in the nested bodies
    // it was given.
    const original = piiExchange();
    maskOnce(masker, original);
    expect(JSON.stringify(original)).toBe(JSON.stringify(piiExchange()));
    for (const v of PII) expect(JSON.stringify(handed.request.body)).not.toContain(v);
  });

  it('an unmarked exchange with PII (webhook, client) is still masked by the session', () => {
    h = new SessionHub({ publicUrl: 'https://r/', backlog: { maxEvents: 10, maxBytes: 1e9 }, namedKey: 'k' });
    const s = h.create(ada);
    const sub = events();
    s.subscribe(sub, member);
    s.publish({ ...piiExchange(), masked: true } as Exchange, { id: 'c-9', userId: 'u', name: 'U' });
    for (const v of PII) expect(sub.texts[0]).not.toContain(v);
  });

  it('named-session ids are computed once and stay the HMAC of the key', () => {
    h = new SessionHub({ publicUrl: 'https://r/', backlog: { maxEvents: 10, maxBytes: 1e9 }, namedKey: 'k' });
    const id = h.named('partner-a', 'default').id;
    expect(id).toBe(namedSessionId('k', 'partner-a', 'default'));
    h.publish('partner-a', 'default', piiExchange(), ada);
    h.publish('partner-a', 'default', piiExchange('ex-2'), ada);
    expect(h.named('partner-a', 'default').head).toBe(2);
    expect(h.named('partner-b', 'default').id).toBe(namedSessionId('k', 'partner-b', 'default'));
  });
});
