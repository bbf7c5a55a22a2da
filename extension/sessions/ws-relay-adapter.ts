import type { ClientMessage } from '../../shared/src/protocol/index.ts';
import { encodeMessage, parseServerMessage } from '../../shared/src/protocol/index.ts';
import type { AdapterEvent, RelayAdapter } from './relay-adapter.ts';

/** {@link RelayAdapter} over the browser's `WebSocket`; every inbound frame is validated (STYLE #15). */
export class WebSocketRelayAdapter implements RelayAdapter {
  #socket: WebSocket | undefined;
  readonly #listeners = new Set<(event: AdapterEvent) => void>();
  readonly #create: (url: string) => WebSocket;

  /** `create` defaults to `new WebSocket(url)`. */
  constructor(create: (url: string) => WebSocket = (url) => new WebSocket(url)) {
    this.#create = create;
  }

  connect(url: string): void {
    this.disconnect();
    let socket: WebSocket;
    try {
      socket = this.#create(url);
    } catch (e: unknown) {
      this.#emit({ type: 'close', code: 1006, reason: e instanceof Error ? e.message : String(e) });
      return;
    }
    this.#socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.#emit({ type: 'open' });
    socket.onmessage = (e: MessageEvent) => {
      const parsed = parseServerMessage(e.data as string | ArrayBuffer);
      if (parsed.ok) this.#emit({ type: 'message', message: parsed.message });
      else this.#emit({ type: 'invalid', reason: `${parsed.error.code}: ${parsed.error.message}` });
    };
    socket.onclose = (e: CloseEvent) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#emit({ type: 'close', code: e.code || 1006, reason: e.reason });
    };
  }

  disconnect(code = 1000): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = undefined;
    socket.onopen = socket.onmessage = socket.onclose = null;
    try {
      socket.close(code);
    } catch {
      // Already closing or an invalid code for this browser: the socket is being dropped either way.
    }
  }

  send(message: ClientMessage): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(encodeMessage(message));
    return true;
  }

  onMessage(listener: (event: AdapterEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: AdapterEvent): void {
    for (const l of [...this.#listeners]) l(event);
  }
}
