/**
 * Baseline of the fan-out benchmark: a bare `ws` server broadcasting one encoded JSON frame per event
 * (the same event shape as the relay's, built with JSON.stringify) to every socket of the session named
 * by the URL path `/<session>`. No auth, masking, backlog or protocol.
 */
import { createServer } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { childReady } from '../lib/util.ts';
import { type PublishCommand, runPublisher } from './publisher.ts';

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

process.on('message', (m: { type: string } & Record<string, unknown>) => {
  if (m.type === 'sessions') {
    process.send?.({
      type: 'sessions',
      ids: Array.from({ length: m.count as number }, (_, i) => `bench-${i}`),
    });
  } else if (m.type === 'publish') {
    void runPublisher(m as unknown as PublishCommand, (session, exchange) => {
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
    }).then((r) => process.send?.({ type: 'published', ...r }));
  }
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  childReady({ url: `http://127.0.0.1:${port}` }, () => new Promise<void>((r) => server.close(() => r())));
});
