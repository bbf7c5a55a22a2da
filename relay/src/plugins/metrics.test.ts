import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../app.ts';
import { defaultConfig } from '../config/load-config.ts';

let apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
});

async function relay(): Promise<FastifyInstance> {
  const a = await build({ config: { ...defaultConfig(), sandbox: false } });
  apps.push(a);
  return a;
}

describe('/metrics', () => {
  it('exposes the request duration histogram by route pattern, method and status', async () => {
    const a = await relay();
    await a.inject({ method: 'GET', url: '/health' });
    await a.inject({ method: 'GET', url: '/v1/auth/me' });
    await a.inject({ method: 'GET', url: '/no/such/route/123' });
    const res = await a.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toContain(
      'relay_http_request_duration_seconds_bucket{le="0.001",route="/health",method="GET",status="200"}',
    );
    expect(text).toMatch(
      /relay_http_request_duration_seconds_count\{route="\/v1\/auth\/me",method="GET",status="401"\} 1/,
    );
    expect(text).toMatch(
      /relay_http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} 1/,
    );
    expect(text).not.toContain('/no/such/route');
    for (const name of [
      'relay_upstream_duration_seconds',
      'relay_ws_connections',
      'relay_events_broadcast_total',
      'relay_events_dropped_total',
      'relay_rate_limited_total',
      'relay_breaker_state',
      'relay_load_shed_total',
      'process_cpu_user_seconds_total',
      'nodejs_heap_size_total_bytes',
    ]) {
      expect(text, name).toContain(`# TYPE ${name}`);
    }
  });

  it('keeps one registry per app', async () => {
    const [a, b] = [await relay(), await relay()];
    a.metrics.eventsBroadcast.inc(5);
    expect(await b.metrics.registry.getSingleMetricAsString('relay_events_broadcast_total')).toContain(
      'relay_events_broadcast_total 0',
    );
    expect(a.metrics.registry).not.toBe(b.metrics.registry);
  });
});
