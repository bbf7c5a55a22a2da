import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { defaultConfig, loadConfig } from '../config/load-config.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe('OpenTelemetry tracing', () => {
  it('is off by default: no traceparent in responses', async () => {
    app = await build();
    const res = await app.inject({ method: 'GET', url: '/v1/sessions' });
    expect(res.headers['traceparent']).toBeUndefined();
  });

  it('is on when the config names an OTLP endpoint (RELAY_OTEL_EXPORTER_OTLP_ENDPOINT): spans reach it', async () => {
    const posts: { path: string; service: boolean }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posts.push({
          path: req.url ?? '',
          service: Buffer.concat(chunks).toString('utf8').includes('relay-under-test'),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const port = (collector.address() as AddressInfo).port;
    try {
      const loaded = loadConfig({
        env: {
          RELAY_OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/`,
          OTEL_SERVICE_NAME: 'relay-under-test',
          RELAY_MAX_EVENT_LOOP_DELAY: '0',
        },
      });
      if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
      app = await build({ config: loaded.config });
      const res = await app.inject({ method: 'GET', url: '/v1/sessions' });
      expect(res.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      await app.close(); // flushes the batch exporter
      app = undefined;
      expect(posts.some((p) => p.path === '/v1/traces' && p.service)).toBe(true);
    } finally {
      collector.close();
    }
  });

  it('traces replay and its upstream calls, propagating traceparent upstream', async () => {
    const exporter = new InMemorySpanExporter();
    const config = defaultConfig();
    config.limits = { ...config.limits, maxEventLoopDelayMs: 0 };
    app = await build({ config, tracing: { exporter } });
    // The embedded sandbox is the upstream: record the traceparent it receives.
    const received: string[] = [];
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/poslp/')) received.push(String(request.headers['traceparent'] ?? ''));
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = (await (
      await fetch(`${url}/v1/auth/local`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { accessToken: string };

    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await fetch(`${url}/v1/replay`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${login.accessToken}`,
        'content-type': 'application/json',
        traceparent: incoming,
      },
      body: JSON.stringify({
        method: 'POST',
        path: '/poslp/services/avvance-loan/v1/create',
        headers: { 'Content-Type': 'application/json' },
        body: { partnerSessionId: crypto.randomUUID(), merchantId: '435523232323', invoiceAmount: '340' },
      }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const { exchange } = JSON.parse(text) as { exchange: { request: { headers: Record<string, string> } } };
    expect(res.headers.get('traceparent')).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);

    const spans = exporter.getFinishedSpans();
    const replay = spans.find((s) => s.name === 'POST /v1/replay');
    expect(replay).toBeDefined();
    expect(replay!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(parentOf(replay!)).toBe('00f067aa0ba902b7');
    expect(replay!.attributes['http.response.status_code']).toBe(200);

    const upstream = spans.filter(
      (s) => s.name.endsWith(' upstream') && parentOf(s) === replay!.spanContext().spanId,
    );
    expect(upstream.length).toBeGreaterThanOrEqual(1);
    // The upstream received the client span's traceparent (same trace, parent = the upstream span).
    expect(received.length).toBeGreaterThanOrEqual(1);
    const [, traceId, parentId] = received.at(-1)!.split('-');
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(upstream.map((s) => s.spanContext().spanId)).toContain(parentId);
    // The replay's exchange shows the trace context the upstream really received (the panel's Trace row).
    expect(exchange.request.headers['traceparent']).toBe(received.at(-1));
    // No query strings or secrets in span attributes.
    for (const s of spans) expect(JSON.stringify(s.attributes)).not.toMatch(/\?|Bearer|secret/i);
  });
});
