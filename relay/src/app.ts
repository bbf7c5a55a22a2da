import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { defaultConfig } from './config/load-config.ts';
import type { RelayConfig } from './config/types.ts';
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
import { sessionsPlugin } from './sessions/index.ts';
import { upstreamPlugin } from './upstream/plugin.ts';

/** Options of {@link build}. */
export interface BuildOptions {
  /** Resolved configuration (see `loadConfig`). Defaults to `defaultConfig()`: local mode, embedded sandbox. */
  config?: RelayConfig;
  /**
   * pino JSON logs with the relay's redaction and serializers: `true` (level from the config), settings
   * (level, stream: tests capture lines), or `false`. Defaults to `false` (tests); `server.ts` enables them.
   */
  logger?: boolean | RelayLoggerSettings;
  /** Embedded Avvance sandbox options (docs/sandbox.md). Defaults to the default sandbox partner. */
  sandbox?: SandboxPluginOptions;
}

/**
 * Builds the relay application without listening (tests use `app.inject`; `server.ts` listens).
 * Registration order matters: observability first (every route is measured and logged), then protection,
 * auth (decorations the feature plugins depend on), then the feature routes.
 */
export async function build(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const config = opts.config ?? defaultConfig();
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
  await app.register(lifecyclePlugin);
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
  await app.register(sessionsPlugin);
  await app.register(webhookRoutes);
  return app;
}
