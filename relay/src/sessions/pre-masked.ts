import type { Masker } from '../../../shared/src/mask/masker.ts';
import type { Exchange } from '../../../shared/src/model/exchange.ts';

/**
 * Exchanges a relay {@link Masker} produced in this process. A session publishes such an exchange without
 * masking it a second time: masking is idempotent (`maskExchange`), so the second pass only cost time on
 * every relayed call. Membership is by object identity and only {@link maskOnce} adds to the set, so an
 * exchange decoded from a client frame (a new object, whatever its `masked` flag says) is never trusted
 * and is always masked again by the session.
 */
const produced = new WeakSet<Exchange>();

/**
 * Masks `exchange` with `masker` and remembers the result as masked by the relay (see {@link isPreMasked}).
 * `inPlace` masks the given exchange itself instead of a copy: only for an exchange nobody else holds.
 */
export function maskOnce(masker: Masker, exchange: Exchange, inPlace = false): Exchange {
  const value = masker.exchange(exchange, { findings: false, inPlace }).value;
  produced.add(value);
  return value;
}

/** True when `exchange` is the unchanged object {@link maskOnce} returned (in-process publishes only). */
export function isPreMasked(exchange: Exchange): boolean {
  return exchange.masked === true && produced.has(exchange);
}
