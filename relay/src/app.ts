import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { backplanePlugin } from './backplane/plugin.ts';
import { loadConfig } from './config/load-config.ts';
import type { RelayConfig } from './config/types.ts';
import { RelayErrors } from './errors.ts';
import { authPlugin } from './plugins/auth.ts';
import { installErrorHandler } from './plugins/error-handler.ts';
import { lifecyclePlugin } from './plugins/lifecycle.ts';
import { genReqId, loggerOptions, type RelayLoggerSettings } from './plugins/logging.ts';
import { BREAKER_STATE_VALUE, metricsPlugin } from './plugins/metrics.ts';
import { securityPlugin } from './plugins/security.ts';
import { healthRoutes } from './routes/health.ts';
import { openapiRoutes, relayOpenApiOptions } from './routes/openapi.ts';
import { proxyRoutes } from './routes/proxy.ts';
import { replayRoutes } from './routes/replay.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { type SandboxPluginOptions, sandboxPlugin } from './sandbox/index.ts';
import { type SessionsPluginOptions, sessionsPlugin } from './sessions/index.ts';
import { type TracingOptions, tracingPlugin } from './tracing/index.ts';
import { upstreamPlugin } from './upstream/plugin.ts';
import { viewerPlugin } from './viewer/index.ts';

/** Options of {@link build}. */
export interface BuildOptions {
  /**
   * Resolved configuration (see `loadConfig`). Defaults to {@link fallbackConfig}: `defaultConfig()` (local
   * mode, embedded sandbox) except `RELAY_MAX_EVENT_LOOP_DELAY`, which test runners set (vitest.config.ts).
   */
  config?: RelayConfig;
  /**
   * pino JSON logs with the relay's redaction and serializers: `true` (level from the config), settings
   * (level, stream: tests capture lines), or `false`. Defaults to `false` (tests); `server.ts` enables them.
   */
  logger?: boolean | RelayLoggerSettings;
  /** Embedded Avvance sandbox options (docs/sandbox.md). Defaults to the default sandbox partner. */
  sandbox?: SandboxPluginOptions;
  /** OpenTelemetry tracing (off unless `RELAY_OTEL_EXPORTER_OTLP_ENDPOINT` is set; tests pass an exporter). */
  tracing?: TracingOptions;
  /** Team-session options (heartbeat, idle expiry, buffer caps…; tests shorten them). */
  sessions?: SessionsPluginOptions;
}

/**
 * The configuration of `build()` without one: the defaults (`defaultConfig()`), except that
 * `RELAY_MAX_EVENT_LOOP_DELAY` is honoured when set. The test runner sets it (vitest.config.ts) so a
 * loaded CI machine never sheds test requests; `server.ts` always passes a full `loadConfig()` result.
 */
export function fallbackConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const delay = env['RELAY_MAX_EVENT_LOOP_DELAY'];
  const loaded = loadConfig({ env: delay ? { RELAY_MAX_EVENT_LOOP_DELAY: delay } : {} });
  if (!loaded.ok) throw new RelayErrors.configInvalid(loaded.errors.join('\n'));
  return loaded.config;
}

/**
 * Builds the relay application without listening (tests use `app.inject`; `server.ts` listens).
 * Registration order matters: observability first (every route is measured and logged), then protection,
 * auth (decorations the feature plugins depend on), then the feature routes.
 */
export async function build(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const config = opts.config ?? fallbackConfig();
  const logger =
    opts.logger === true
      ? loggerOptions({ level: config.logLevel })
      : opts.logger
        ? loggerOptions({ level: config.logLevel, ...opts.logger })
        : false;
  const app = Fastify({
    logger,
    genReqId,
    // genReqId reads Correlation-ID; no other header may choose the request id.
    requestIdHeader: false,
    bodyLimit: config.limits.bodyBytes,
    trustProxy: false,
  });
  app.decorate('relayConfig', config);
  installErrorHandler(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });

  await app.register(swagger, relayOpenApiOptions(config));
  await app.register(metricsPlugin);
  // OpenTelemetry: off unless RELAY_OTEL_EXPORTER_OTLP_ENDPOINT is set (relay/src/tracing).
  await app.register(tracingPlugin, opts.tracing ?? {});
  await app.register(lifecyclePlugin);
  // Redis backplane when RELAY_REDIS_URL is set (several instances), else in memory (relay/src/backplane).
  await app.register(backplanePlugin);
  await app.register(securityPlugin);
  await app.register(authPlugin);
  if (config.mode === 'local') {
    app.log.warn(
      { mode: 'local' },
      'LOCAL MODE: developer tokens are issued without an identity provider to loopback clients; use RELAY_MODE=oidc for shared relays',
    );
  }

  await app.register(healthRoutes);
  await app.register(openapiRoutes);

  // --- Feature plugins (registration points) -------------------------------------------------------
  // Embedded Avvance sandbox (relay/src/sandbox, owned by the sandbox helper).
  if (config.sandbox) await app.register(sandboxPlugin, opts.sandbox ?? {});
  // Upstreams + replay + pass-through (relay/src/upstream, routes/replay.ts, routes/proxy.ts).
  await app.register(upstreamPlugin, {
    onBreakerChange: (environment, state) =>
      app.metrics.breakerState.set({ environment }, BREAKER_STATE_VALUE[state]),
  });
  await app.register(replayRoutes);
  await app.register(proxyRoutes);
  // Team sessions over WebSocket + webhook receiver (relay/src/sessions, routes/webhooks.ts).
  await app.register(sessionsPlugin, opts.sessions ?? {});
  await app.register(webhookRoutes);
  // Web viewer at the share URL: static files built from extension/viewer (relay/src/viewer).
  await app.register(viewerPlugin);
  return app;
}
