import type { ClientMessage, ServerMessage } from '../../shared/src/protocol/index.ts';

/** What a {@link RelayAdapter} reports about its socket. */
export type AdapterEvent =
  | { type: 'open' }
  | { type: 'message'; message: ServerMessage }
  /** A frame that failed to parse (reported, never thrown). */
  | { type: 'invalid'; reason: string }
  /** The socket closed (or never opened); `code` is the WebSocket close code (1006 when unknown). */
  | { type: 'close'; code: number; reason: string };

/**
 * The team-session transport (STYLE #5): one WebSocket to one relay stream URL. The session model owns
 * the protocol (hello, subscribe, resume); the adapter only moves validated frames. A fake stands in
 * for it in tests ({@link FakeRelayAdapter}).
 */
export interface RelayAdapter {
  /** Opens the socket to `url` (a `ws:`/`wss:` stream URL with its `access_token`). */
  connect(url: string): void;
  /** Closes the socket with `code` (default 1000); no `close` event follows a disconnect the client asked for. */
  disconnect(code?: number): void;
  /** Sends one frame; false when the socket is not open. */
  send(message: ClientMessage): boolean;
  /** Subscribes to socket events; returns the unsubscribe function. */
  onMessage(listener: (event: AdapterEvent) => void): () => void;
}
