/**
 * Baseline of the fan-out benchmark: a bare `ws` server broadcasting one encoded JSON frame per event
 * (the same event shape as the relay's, built with JSON.stringify) to every socket of the session named
 * by the URL path `/<session>`. No auth, masking, backlog or protocol.
 */
import { createServer } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { childReady } from '../lib/util.ts';
import { serveFanoutCommands } from './publisher.ts';

const rooms = new Map<string, Set<WebSocket>>();
const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  const room = (req.url ?? '/').slice(1);
  const set = rooms.get(room) ?? new Set<WebSocket>();
  rooms.set(room, set);
  set.add(ws);
  ws.on('close', () => set.delete(ws));
  ws.on('message', () => ws.send('{"v":1,"type":"subscribed"}'));
});
const seqs = new Map<string, number>();

serveFanoutCommands({
  sessions: (count) => Array.from({ length: count }, (_, i) => `bench-${i}`),
  publish(session, exchange) {
    const seq = (seqs.get(session) ?? 0) + 1;
    seqs.set(session, seq);
    const frame = Buffer.from(
      JSON.stringify({
        v: 1,
        type: 'event',
        session,
        seq,
        ts: Date.now(),
        kind: 'exchange',
        exchange,
        sentBy: { id: 'relay', userId: 'bench', name: 'bench' },
      }),
    );
    for (const ws of rooms.get(session) ?? []) ws.send(frame, { binary: false });
  },
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  childReady({ url: `http://127.0.0.1:${port}` }, () => new Promise<void>((r) => server.close(() => r())));
});
