import type { FastifyInstance } from 'fastify';
import { RelayErrors } from '../errors.ts';
import { EMBEDDED_BASE_URL } from './defaults.ts';
import type { RelayConfig, UpstreamEnvironment } from './types.ts';

/** The environment named `name`, or the first (default) one when `name` is undefined; `undefined` if unknown. */
export function findEnvironment(config: RelayConfig, name?: string): UpstreamEnvironment | undefined {
  return name === undefined ? config.environments[0] : config.environments.find((e) => e.name === name);
}

/**
 * Origin to call for `env`: its `baseUrl`, or for `embedded` the relay's own listening address over
 * loopback (`0.0.0.0`/`::` become `127.0.0.1`/`[::1]`). Throws `RELAY_ERR_CONFIG_EMBEDDED_NOT_LISTENING`
 * (503) for `embedded` before `app.listen()` (in `app.inject` tests, listen on port 0 first).
 */
export function resolveEnvironmentBaseUrl(app: FastifyInstance, env: UpstreamEnvironment): string {
  if (env.baseUrl !== EMBEDDED_BASE_URL) return env.baseUrl;
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new RelayErrors.configEmbeddedNotListening();
  let host = address.address;
  if (host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '::1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Token endpoint of `env`: its `tokenUrl`, else `<base URL>/auth/oauth2/v1/token`. */
export function resolveEnvironmentTokenUrl(app: FastifyInstance, env: UpstreamEnvironment): string {
  return env.tokenUrl ?? `${resolveEnvironmentBaseUrl(app, env)}/auth/oauth2/v1/token`;
}
