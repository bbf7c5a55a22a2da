import type { AddressInfo, Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Connection } from '../connection.ts';
import type { SessionHub } from '../hub.ts';

const silent = {
  child: () => silent,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as FastifyBaseLogger;

const hubStub = { get: () => undefined, metrics: { dropped: () => undefined } } as unknown as SessionHub;

let server: WebSocketServer | undefined;
let client: WebSocket | undefined;
afterEach(async () => {
  client?.terminate();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = client = undefined;
});

/** A real loopback WebSocket pair; the server side wrapped in a Connection, its net.Socket writes counted. */
async function pair(maxBufferedBytes = 8 * 1024 * 1024) {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server!.once('listening', () => r()));
  const accepted = new Promise<WebSocket>((r) => server!.once('connection', (ws) => r(ws)));
  client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (d: Buffer) => received.push(d.toString('utf8')));
  await new Promise<void>((r) => client!.once('open', () => r()));
  const ws = await accepted;
  const raw = (ws as unknown as { _socket: Socket })._socket;
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    const original = raw[name] as (...args: unknown[]) => void;
    raw[name] = ((...args: unknown[]) => {
      writes += 1;
      original.apply(raw, args);
    }) as never;
  }
  const connection = new Connection(ws, {
    hub: hubStub,
    user: { sub: 'u', name: 'u', role: 'developer', partnerId: 'p' },
    log: silent,
    maxBufferedBytes,
    maxSubscriptions: 16,
    maxFramesPerSecond: 200,
    verifyToken: () => undefined,
    relay: { name: 'test', version: '0' },
    onClose: () => undefined,
  });
  return { connection, received, writes: () => writes, client: client! };
}

async function until(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
}

describe('Connection.deliver batching', () => {
  it('sends a burst of frames in one socket write at the end of the tick, in order', async () => {
    const p = await pair();
    const frames = Array.from({ length: 5 }, (_, i) => Buffer.from(`{"n":${i}}`));
    for (const f of frames) p.connection.deliver(f);
    // Nothing left yet: the burst is corked until the current tick ends.
    expect(p.writes()).toBe(0);
    await new Promise((r) => process.nextTick(r));
    expect(p.writes()).toBe(1);
    await until(() => p.received.length === 5);
    expect(p.received).toEqual(frames.map((f) => f.toString()));
    // A later lone frame is not held back by the earlier burst.
    p.connection.deliver(Buffer.from('{"n":5}'));
    await until(() => p.received.length === 6);
    expect(p.writes()).toBe(2);
  });

  it('does not judge a reader slow for a corked burst, but still closes one that stopped reading', async () => {
    const p = await pair(64 * 1024);
    const frame = Buffer.alloc(20 * 1024, 'x');
    // 80 KiB in one tick with a 64 KiB cap: the corked bytes go to the kernel instead of closing the socket.
    for (let i = 0; i < 4; i++) p.connection.deliver(frame);
    await until(() => p.received.length === 4);
    // A reader that stopped reading fills the kernel buffers, then the cap: closed with 4008.
    (p.client as unknown as { _socket: Socket })._socket.pause();
    const closed = new Promise<number>((r) => p.client.once('close', (code) => r(code)));
    for (let i = 0; i < 2000; i++) {
      p.connection.deliver(frame);
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1));
    }
    (p.client as unknown as { _socket: Socket })._socket.resume();
    expect(await closed).toBe(4008);
  });

  it('delivers payloads of every header size intact, in order with ws-sent frames', async () => {
    const p = await pair();
    const sizes = [0, 1, 125, 126, 65_535, 65_536, 200_000];
    const payloads = sizes.map((n, i) => Buffer.alloc(n, String.fromCharCode(97 + i)));
    for (const b of payloads) p.connection.deliver(b);
    // The same payload again (its prebuilt frame is reused), then a frame `ws` builds itself (shutdown).
    p.connection.deliver(payloads[2]!);
    p.connection.shutdown();
    await until(() => p.received.length === sizes.length + 2);
    expect(p.received.slice(0, sizes.length).map((m) => m.length)).toEqual(sizes);
    expect(p.received.slice(0, sizes.length)).toEqual(payloads.map((b) => b.toString()));
    expect(p.received[sizes.length]).toBe(payloads[2]!.toString());
    expect(JSON.parse(p.received[sizes.length + 1]!)).toMatchObject({ code: 'server-shutting-down' });
  });
});
