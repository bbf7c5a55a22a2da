import type { Exchange } from '../../shared/src/model/exchange.ts';
import { findOperation } from '../../shared/src/openapi/index.ts';

/** Whether "Edit & replay" can send a call through the relay, and if not, why (shown as the button's title). */
export type Replayability = { ok: true } | { ok: false; reason: string };

/**
 * The relay replays calls to Avvance's API only (an environment's upstream, credentials added by the relay).
 * A call the page makes to its own backend (`/api/checkout`…) or a webhook the relay received has no
 * Avvance operation to replay: the button says so instead of opening a draft the relay would refuse.
 */
export function replayability(exchange: Pick<Exchange, 'source' | 'request'>): Replayability {
  if (exchange.source === 'webhook')
    return {
      ok: false,
      reason:
        'A webhook Avvance sent to your relay: the sandbox redelivers it (POST /sandbox/v1/webhook-deliveries/{id}/replay)',
    };
  if (findOperation(exchange.request.method, exchange.request.url)) return { ok: true };
  return {
    ok: false,
    reason:
      'Not an Avvance API call: the relay replays calls to Avvance only. For a call to your own backend, replay the Avvance call it made (relay stream)',
  };
}
