/** Physical-floor baseline: a bare node:http server piping every call through an undici Pool to argv[2]. */
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { childReady } from '../lib/util.ts';

const pool = new Pool(process.argv[2] ?? '', { connections: 128, pipelining: 1 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade']);

const server = createServer((req, res) => {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && typeof v === 'string') headers[k] = v;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  pool
    .request({ method: req.method as 'GET', path: req.url ?? '/', headers, body: hasBody ? req : null })
    .then(
      (up) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(up.headers)) if (!HOP.has(k) && v !== undefined) out[k] = v;
        res.writeHead(up.statusCode, out);
        up.body.pipe(res);
      },
      () => {
        res.writeHead(502).end();
      },
    );
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  childReady({ url: `http://127.0.0.1:${port}` }, () => new Promise<void>((r) => server.close(() => r())));
});
