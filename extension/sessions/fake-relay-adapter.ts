import type { ClientMessage, ServerMessage } from '../../shared/src/protocol/index.ts';
import type { AdapterEvent, RelayAdapter } from './relay-adapter.ts';

/** A {@link RelayAdapter} driven by hand: records what the client sends, lets the test play the relay. */
export class FakeRelayAdapter implements RelayAdapter {
  readonly #listeners = new Set<(event: AdapterEvent) => void>();
  /** URLs passed to `connect`, in order. */
  readonly connects: string[] = [];
  /** Frames sent while open, in order. */
  readonly sent: ClientMessage[] = [];
  /** True between `open()` and a close. */
  isOpen = false;
  /** Close codes passed to `disconnect`. */
  readonly disconnects: number[] = [];

  connect(url: string): void {
    this.connects.push(url);
  }

  disconnect(code = 1000): void {
    this.disconnects.push(code);
    this.isOpen = false;
  }

  send(message: ClientMessage): boolean {
    if (!this.isOpen) return false;
    this.sent.push(message);
    return true;
  }

  onMessage(listener: (event: AdapterEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The socket opened. */
  open(): void {
    this.isOpen = true;
    this.#emit({ type: 'open' });
  }

  /** The relay sends `message`. */
  receive(message: ServerMessage): void {
    this.#emit({ type: 'message', message });
  }

  /** The socket closed by itself (relay restart: 1001, slow consumer: 4008, network: 1006). */
  drop(code = 1006, reason = ''): void {
    this.isOpen = false;
    this.#emit({ type: 'close', code, reason });
  }

  /** Frames of one type sent so far. */
  sentOf<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }

  #emit(event: AdapterEvent): void {
    for (const l of [...this.#listeners]) l(event);
  }
}
