/** A tiny local site for the Chromium benchmarks: `/` (a page), `/api/products` (fixed JSON), `/demo` (fetch loop). */
import { createServer, type Server } from 'node:http';

const JSON_BODY = Buffer.from(
  JSON.stringify({
    baseLoanOptions: Array.from({ length: 7 }, (_, i) => ({
      productId: `poslapr0${i}`,
      termCount: i * 6,
      apr: true,
    })),
  }),
);
const DEMO = `<!doctype html><title>Avvance demo</title><body><h1>Checkout</h1><script>
window.runFetches = async (n) => {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch('/poslp/services/avvance-loan/v1/products?i=' + i, { headers: { 'partner-id': 'partner-org-name' } });
    await r.json();
    out.push(performance.now() - t0);
  }
  return out;
};
</script></body>`;

export async function startSite(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/poslp/')) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': JSON_BODY.length,
        'cache-control': 'no-store',
      });
      res.end(JSON_BODY);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(DEMO);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  return { url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`, server };
}
