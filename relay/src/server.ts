/**
 * Starts the relay: loads the configuration (environment variables + optional JSON file), builds the app
 * and listens. Run directly (`tsx relay/src/server.ts`) it prints configuration problems and exits 1, and
 * shuts down gracefully on SIGINT/SIGTERM.
 */
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { build } from './app.ts';
import { loadConfig } from './config/load-config.ts';
import type { RelayConfig } from './config/types.ts';
import { RelayErrors } from './errors.ts';
import { closeGracefully } from './plugins/lifecycle.ts';
import type { SandboxPluginOptions } from './sandbox/index.ts';

/** Printed (and logged) at start-up in local mode. */
export const LOCAL_MODE_NOTICE =
  'LOCAL MODE: the relay issues developer tokens without an identity provider, to clients on this machine ' +
  'only (loopback), and accepts the public default API key rk_local_partner-org-name from loopback. ' +
  'Never expose it: set RELAY_MODE=oidc to share a relay.';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Configuration. Defaults to `loadConfig()` over `process.env` (problems throw `RELAY_ERR_CONFIG_INVALID`). */
  config?: RelayConfig;
  /** Interface to bind; overrides the config. Defaults to the config's `host` (`127.0.0.1`). */
  host?: string;
  /** Port (0 picks a free one); overrides the config. Defaults to the config's `port` (8787). */
  port?: number;
  /** Enables pino JSON logs. Defaults to true. */
  log?: boolean;
  /** Prints start-up notices (local mode) to stderr. Defaults to true. */
  printNotices?: boolean;
  /** Embedded sandbox options. */
  sandbox?: SandboxPluginOptions;
}

/** A listening relay. */
export interface RunningRelay {
  app: FastifyInstance;
  /** Base URL the relay listens on (`http://127.0.0.1:8787`). */
  url: string;
  config: RelayConfig;
  /** Start-up notices (e.g. {@link LOCAL_MODE_NOTICE}) for launchers to show. */
  notices: string[];
}

/** Start-up notices of a configuration. */
export function startupNotices(config: RelayConfig): string[] {
  return config.mode === 'local' ? [LOCAL_MODE_NOTICE] : [];
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Loads the configuration, builds the relay and listens; returns the app and its base URL. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningRelay> {
  let config = opts.config;
  if (!config) {
    const loaded = loadConfig();
    if (!loaded.ok) throw new RelayErrors.configInvalid(loaded.errors.join('\n'));
    config = loaded.config;
  }
  const host = opts.host ?? config.host;
  let port = opts.port ?? config.port;
  // The share URLs and OAuth callback need the real port: pick it before building when asked for port 0.
  if (port === 0) port = await freePort(host);
  const derived = config.publicUrl === origin(config.host, config.port);
  config = { ...config, host, port, ...(derived ? { publicUrl: origin(host, port) } : {}) };

  const app = await build({
    config,
    logger: opts.log !== false,
    ...(opts.sandbox ? { sandbox: opts.sandbox } : {}),
  });
  const notices = startupNotices(config);
  try {
    await app.listen({ host, port });
  } catch (e: unknown) {
    await app.close();
    throw e;
  }
  // After listening: a relay that failed to start (port in use) has nothing to warn about.
  if (opts.printNotices !== false) for (const notice of notices) console.warn(`\n⚠  ${notice}\n`);
  return { app, url: origin(host, port), config, notices };
}

async function main(): Promise<void> {
  const loaded = loadConfig();
  if (!loaded.ok) {
    console.error(
      `The relay configuration is invalid (see docs/configuration.md):\n  ${loaded.errors.join('\n  ')}`,
    );
    process.exit(1);
  }
  const { app, url, config } = await startServer({ config: loaded.config });
  console.log(`Relay listening on ${url} (mode ${config.mode}); API: ${url}/docs/openapi.json`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      closeGracefully(app, config.shutdownTimeoutMs ?? 10_000).then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
