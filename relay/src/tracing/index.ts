/**
 * OpenTelemetry tracing, off by default. On when `RELAY_OTEL_EXPORTER_OTLP_ENDPOINT` (an OTLP/HTTP
 * collector base URL, e.g. `http://jaeger:4318`) is set, or when a test passes an exporter:
 *
 * - a SERVER span per request (`POST /v1/replay`, `ALL /v1/proxy/*`, …; probes and /metrics excepted), child
 *   of an incoming W3C `traceparent`, active for the whole request; its `traceparent` is echoed in the
 *   response so the panel can show it in the exchange detail;
 * - a CLIENT span per upstream call made with undici (replay, pass-through, partner tokens), through
 *   undici's diagnostics channels, with `traceparent` added to the upstream request.
 *
 * No URL query strings, headers or bodies go into spans (they can carry secrets or PII).
 */
import diagnostics from 'node:diagnostics_channel';
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Environment variable that turns tracing on: the OTLP/HTTP endpoint (traces go to `<it>/v1/traces`). Read
 * and validated by the config (`RelayConfig.otel.endpoint`, relay/src/config), not here.
 */
export const OTEL_ENDPOINT_ENV = 'RELAY_OTEL_EXPORTER_OTLP_ENDPOINT';

/** Routes never traced (probes and scrapes would drown the traces). */
const UNTRACED = new Set(['/health', '/liveness', '/readiness', '/metrics']);

/** Options of {@link tracingPlugin}. */
export interface TracingOptions {
  /** OTLP/HTTP base URL. Defaults to the config's `otel.endpoint` (`RELAY_OTEL_EXPORTER_OTLP_ENDPOINT`); unset: off. */
  endpoint?: string;
  /** Exporter to use instead of OTLP (tests: `InMemorySpanExporter`); spans are exported synchronously. */
  exporter?: SpanExporter;
  /** `service.name`. Defaults to the config's `otel.serviceName` (`OTEL_SERVICE_NAME`) or `avvance-relay`. */
  serviceName?: string;
}

interface UndiciRequest {
  method: string;
  origin: string | URL;
  path: string;
  addHeader(name: string, value: string): unknown;
}

/** `traceparent` last sent upstream while serving a request, by the request's SERVER span. */
const sentUpstream = new WeakMap<Span, string>();

/**
 * The `traceparent` header the current request's latest upstream call carried (its CLIENT span), so the
 * relay's exchange can show what was really sent; `undefined` when tracing is off or nothing was sent.
 */
export function upstreamTraceparent(): string | undefined {
  const server = trace.getSpan(context.active());
  return server ? sentUpstream.get(server) : undefined;
}

/** Subscribes to undici's request lifecycle; returns the unsubscribe function. */
function traceUndici(tracer: Tracer): () => void {
  const spans = new WeakMap<object, Span>();
  const onCreate = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    const parent = context.active();
    // Only calls made while serving a traced request (never the exporter's own traffic).
    const server = trace.getSpan(parent);
    if (!server) return;
    const origin = new URL(String(request.origin));
    const span = tracer.startSpan(
      `${request.method} upstream`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'server.address': origin.hostname,
          'server.port': Number(origin.port) || (origin.protocol === 'https:' ? 443 : 80),
          'url.path': request.path.split('?')[0] ?? '',
        },
      },
      parent,
    );
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(parent, span), carrier);
    for (const [k, v] of Object.entries(carrier)) request.addHeader(k, v);
    if (carrier['traceparent']) sentUpstream.set(server, carrier['traceparent']);
    spans.set(request, span);
  };
  const onHeaders = (message: unknown) => {
    const { request, response } = message as { request: object; response: { statusCode: number } };
    const span = spans.get(request);
    if (!span) return;
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  };
  const onDone = (message: unknown) => {
    const { request } = message as { request: object };
    spans.get(request)?.end();
    spans.delete(request);
  };
  const onError = (message: unknown) => {
    const { request, error } = message as { request: object; error: Error };
    const span = spans.get(request);
    if (!span) return;
    span.recordException({ name: error.name, message: error.message });
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.name });
    span.end();
    spans.delete(request);
  };
  const subs: [string, (m: unknown) => void][] = [
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
    ['undici:request:trailers', onDone],
    ['undici:request:error', onError],
  ];
  for (const [name, fn] of subs) diagnostics.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subs) diagnostics.unsubscribe(name, fn);
  };
}

async function plugin(app: FastifyInstance, opts: TracingOptions): Promise<void> {
  const otel = app.hasDecorator('relayConfig') ? app.relayConfig.otel : undefined;
  const endpoint = opts.endpoint ?? otel?.endpoint;
  if (!opts.exporter && !endpoint) return; // Off: nothing registered, no overhead.
  const exporter =
    opts.exporter ?? new OTLPTraceExporter({ url: `${endpoint!.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: opts.serviceName ?? otel?.serviceName ?? 'avvance-relay',
      [ATTR_SERVICE_VERSION]: '0.1.0',
    }),
    spanProcessors: [opts.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  // Global: W3C trace-context propagator and the AsyncLocalStorage context manager.
  provider.register();
  const tracer = provider.getTracer('avvance-relay');
  const unsubscribe = traceUndici(tracer);
  const spans = new WeakMap<FastifyRequest, Span>();
  app.log.info({ endpoint: endpoint ?? 'custom exporter' }, 'OpenTelemetry tracing on');

  // Callback-style hook: `done()` runs the rest of the request inside the span's context.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions.url;
    if (route === undefined || UNTRACED.has(route)) return done();
    const parent: Context = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'relay.request_id': request.id,
        },
      },
      parent,
    );
    spans.set(request, span);
    const active = trace.setSpan(parent, span);
    const carrier: Record<string, string> = {};
    propagation.inject(active, carrier);
    if (carrier['traceparent']) reply.header('traceparent', carrier['traceparent']);
    context.with(active, done);
  });
  const finish = async (request: FastifyRequest, reply: FastifyReply) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  app.addHook('onResponse', finish);
  app.addHook('onRequestAbort', async (request) => {
    const span = spans.get(request);
    spans.delete(request);
    span?.setStatus({ code: SpanStatusCode.ERROR, message: 'aborted' });
    span?.end();
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await provider.shutdown().catch(() => undefined);
    trace.disable();
    context.disable();
    propagation.disable();
  });
}

/**
 * OpenTelemetry tracing (see the module comment). Register it right after the metrics plugin so its
 * `onRequest` hook wraps every later hook and handler.
 */
export const tracingPlugin = fp(plugin, { name: 'relay-tracing', fastify: '5.x' });
