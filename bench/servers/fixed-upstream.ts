/**
 * Minimal fast upstream: node:http answering a fixed Avvance JSON (a products list) to every GET and a
 * fixed token to `POST /auth/oauth2/v1/token`. Isolates the relay's own overhead. Child of the benches.
 */
import { createServer } from 'node:http';
import { childReady } from '../lib/util.ts';

const products = Buffer.from(
  JSON.stringify({
    baseLoanOptions: [3, 6, 12, 24, 36, 48, 60].map((term) => ({
      productId: `poslapr0${String(term).padStart(2, '0')}`,
      merchantDiscountPercentage: 3.9,
      termCount: term,
      termType: 'Months',
      productType: 'base',
      apr: true,
      enrolled: true,
      productName: `BASE 3.9% Term ${term} Months`,
    })),
  }),
);
const token = Buffer.from(
  JSON.stringify({
    tokenType: 'BearerToken',
    expiresIn: '899',
    accessToken: 'bench-upstream-token-0123456789',
  }),
);

const server = createServer((req, res) => {
  const body = req.method === 'POST' && req.url?.startsWith('/auth/oauth2/v1/token') ? token : products;
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  childReady({ url: `http://127.0.0.1:${port}` }, () => new Promise<void>((r) => server.close(() => r())));
});
