import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { defaultConfig } from '../config/load-config.ts';

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
    expect(res.status, await res.text()).toBe(200);
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
    // No query strings or secrets in span attributes.
    for (const s of spans) expect(JSON.stringify(s.attributes)).not.toMatch(/\?|Bearer|secret/i);
  });
});
