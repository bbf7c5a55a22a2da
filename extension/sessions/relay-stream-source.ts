import type { CaptureSource, ExchangeListener } from '../capture/capture-source.ts';
import type { SessionModelInstance } from './session-model.ts';

/**
 * {@link CaptureSource} of the joined team session: teammates' exchanges and the relay's own (proxy,
 * webhook, replay), already masked and labelled with `sentBy`. Merged into the panel's list with
 * {@link MergedCaptureSource}.
 */
export class RelayStreamSource implements CaptureSource {
  readonly #session: SessionModelInstance;
  #off: (() => void) | undefined;

  constructor(session: SessionModelInstance) {
    this.#session = session;
  }

  start(onExchange: ExchangeListener): void {
    this.#off?.();
    this.#off = this.#session.onExchange((exchange) => onExchange(exchange, { avvance: true }));
  }

  stop(): void {
    this.#off?.();
    this.#off = undefined;
  }
}
