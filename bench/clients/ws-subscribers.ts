/**
 * Fan-out load: `perSession` real `ws` clients on each session of argv (JSON `{ bases, kind, token?,
 * sessionIds, perSession }`); the clients of a session are spread round-robin over `bases` (one relay
 * instance each in the 2-instance mode) and latency is also reported per base. `kind: 'relay'` speaks the
 * team-session protocol (hello, subscribe);
 * `'baseline'` connects to `/<session>` of the bare server. Every event's publish time is read from its
 * exchange id (`bench~<time>~<n>`) without parsing the whole frame; latency = receive − publish.
 */
import WebSocket from 'ws';
import { childReady, nowMs, pct, sorted } from '../lib/util.ts';

interface Args {
  bases: string[];
  kind: 'relay' | 'baseline';
  token?: string;
  sessionIds: string[];
  perSession: number;
}
const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const MARK = Buffer.from('"id":"bench~');
/** Latencies per base (instance). */
const lats = args.bases.map(() => ({ lat: new Float64Array(1 << 18), count: 0 }));
let count = 0;
let unexpectedCloses = 0;
let stopping = false;
const received = new Map<string, number>();
const sockets: WebSocket[] = [];

function onFrame(base: number, session: string, data: Buffer): void {
  const at = data.indexOf(MARK);
  if (at < 0) return;
  const start = at + MARK.length;
  const end = data.indexOf(126 /* ~ */, start);
  const ms = nowMs() - Number(data.toString('latin1', start, end));
  const l = lats[base]!;
  if (l.count === l.lat.length) {
    const bigger = new Float64Array(l.lat.length * 2);
    bigger.set(l.lat);
    l.lat = bigger;
  }
  l.lat[l.count++] = ms;
  count++;
  received.set(session, (received.get(session) ?? 0) + 1);
}

function open(session: string, base: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const origin = args.bases[base]!.replace(/^http/, 'ws');
    const ws =
      args.kind === 'relay'
        ? new WebSocket(
            `${origin}/v1/sessions/${session}/stream?access_token=${encodeURIComponent(args.token ?? '')}`,
          )
        : new WebSocket(`${origin}/${session}`);
    sockets.push(ws);
    let ready = false;
    ws.on('open', () => {
      if (args.kind === 'relay') {
        ws.send(JSON.stringify({ v: 1, type: 'hello', id: 'h', client: { name: 'bench', version: '0' } }));
        ws.send(JSON.stringify({ v: 1, type: 'subscribe', id: 's', session }));
      } else ws.send('subscribe');
    });
    ws.on('message', (data: Buffer) => {
      if (!ready) {
        if (data.includes('"type":"subscribed"')) {
          ready = true;
          resolve();
        }
        return;
      }
      onFrame(base, session, data);
    });
    ws.on('close', () => {
      if (!stopping) unexpectedCloses++;
    });
    ws.on('error', reject);
  });
}

const t0 = performance.now();
const jobs: (() => Promise<void>)[] = [];
for (const id of args.sessionIds)
  for (let i = 0; i < args.perSession; i++) jobs.push(() => open(id, i % args.bases.length));
try {
  for (let i = 0; i < jobs.length; i += 50) await Promise.all(jobs.slice(i, i + 50).map((j) => j()));
} catch (e: unknown) {
  // The orchestrator gave up (timeout) and stopped the server, or the server refused: say so in one line.
  console.error(`ws-subscribers: connecting failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

process.on('message', (m: { type: string }) => {
  if (m.type === 'reset') {
    count = 0;
    for (const l of lats) l.count = 0;
    received.clear();
    process.send?.({ type: 'reset' });
  } else if (m.type === 'report') {
    const all = new Float64Array(count);
    let at = 0;
    const perBase = lats.map((l) => {
      const part = l.lat.subarray(0, l.count);
      all.set(part, at);
      at += l.count;
      const s = sorted(part);
      return { delivered: l.count, p50: pct(s, 50), p99: pct(s, 99), max: pct(s, 100) };
    });
    const s = sorted(all);
    process.send?.({
      type: 'report',
      delivered: count,
      perSession: Object.fromEntries(received),
      p50: pct(s, 50),
      p99: pct(s, 99),
      max: pct(s, 100),
      perBase,
      unexpectedCloses,
    });
  }
});
childReady({ connections: sockets.length, connectMs: performance.now() - t0 }, () => {
  stopping = true;
  for (const ws of sockets) ws.terminate();
});
