import type { FastifyInstance } from 'fastify';
import { build } from './app.ts';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Interface to bind. Defaults to `127.0.0.1` (never all interfaces by default). */
  host?: string;
  /** Port; 0 picks a free one. Defaults to 8787. */
  port?: number;
  /** Enables pino JSON logs. Defaults to true. */
  log?: boolean;
}

/** Builds the relay and listens; returns the app and its base URL. */
export async function startServer(opts: ServerOptions = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await build({ logger: opts.log === false ? false : { level: 'info' } });
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ host, port: opts.port ?? 8787 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 8787);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shownHost}:${port}` };
}
