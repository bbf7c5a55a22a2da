/** A `ws` test client that queues relay frames and awaits them with timeouts (no sleeps). */
import WebSocket from 'ws';
import { parseServerMessage } from '../../../shared/src/protocol/parse.ts';
import type { ServerMessage } from '../../../shared/src/protocol/server-messages.ts';

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** Default wait for one frame, ms. */
export const FRAME_TIMEOUT_MS = 3_000;

export class TestClient {
  readonly ws: WebSocket;
  readonly received: ServerMessage[] = [];
  #cursor = 0;
  #waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(url: string, opts: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, opts);
    this.ws.on('message', (data) => {
      const parsed = parseServerMessage(data as Buffer);
      if (!parsed.ok) throw new Error(`relay sent an invalid frame: ${parsed.error.message}`);
      this.received.push(parsed.message);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const w of this.#waiters.splice(0)) w();
      });
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  /** Opens a connection to `/v1/sessions/:id/stream` with a token. */
  static async connect(base: string, sessionId: string, token?: string, opts?: WebSocket.ClientOptions) {
    const q = token ? `?access_token=${encodeURIComponent(token)}` : '';
    const c = new TestClient(`${base.replace(/^http/, 'ws')}/v1/sessions/${sessionId}/stream${q}`, opts);
    await c.opened;
    return c;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after the previous `next`) of the given type; earlier frames of other types are skipped. */
  async next<T extends ServerMessage['type']>(type: T, timeoutMs = FRAME_TIMEOUT_MS): Promise<Of<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.#cursor < this.received.length) {
        const m = this.received[this.#cursor++]!;
        if (m.type === type) return m as Of<T>;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`closed while waiting for ${type}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${type}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** hello → welcome. */
  async hello(token?: string) {
    this.send({
      v: 1,
      type: 'hello',
      id: 'h1',
      client: { name: 'test', version: '1' },
      ...(token ? { token } : {}),
    });
    return this.next('welcome');
  }

  /** subscribe → subscribed. */
  async subscribe(session: string, extra: { resumeFrom?: number; epoch?: string } = {}) {
    this.send({ v: 1, type: 'subscribe', id: 's1', session, ...extra });
    return this.next('subscribed');
  }

  async close(): Promise<void> {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }
}
