import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import type { PartnerCredentials, UpstreamEnvironment } from '../config/types.ts';
import { RelayErrors } from '../errors.ts';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';
import type { TokenCache } from './token-cache.ts';

/** Connect timeout of upstream sockets, ms. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Idle keep-alive sockets are closed after this many ms. */
export const KEEP_ALIVE_MS = 30_000;
/** Largest token response read, bytes. */
const TOKEN_RESPONSE_BYTES = 64 * 1024;
/** Default token path (Avvance's). */
export const TOKEN_PATH = '/auth/oauth2/v1/token';

const failures = new WeakSet<Error>();

/** Marks an error as evidence that the upstream is unhealthy (counts against the circuit breaker). */
function upstreamFailure<E extends Error>(err: E): E {
  failures.add(err);
  return err;
}

/** True for errors that say the upstream is unhealthy (timeouts, unreachable, token endpoint 5xx). */
export function isUpstreamFailure(err: unknown): boolean {
  return err instanceof Error && failures.has(err);
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Maps an undici/socket error to the relay's 504 (timeout) or 502 (unreachable, reset) error. */
export function mapTransportError(err: unknown, environment: string, timeoutMs: number): Error {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
    return upstreamFailure(new RelayErrors.upstreamTimeout(environment, timeoutMs));
  }
  const reason = typeof code === 'string' ? code : 'connection failed';
  return upstreamFailure(new RelayErrors.upstreamUnreachable(environment, reason));
}

/** Options of {@link Upstream}. */
export interface UpstreamOptions {
  /** The configured environment. */
  environment: UpstreamEnvironment;
  /** Shared token cache (keys are `<environment>\u0000<partner>`). */
  tokens: TokenCache;
  /** For `baseUrl: 'embedded'`: the relay's own loopback origin, or `undefined` before it listens. */
  resolveEmbedded: () => string | undefined;
  /** Circuit breaker settings (defaults: 5 failures, 30 s open). */
  breaker?: CircuitBreakerOptions;
  /** Socket connect timeout, ms. Defaults to {@link CONNECT_TIMEOUT_MS}. */
  connectTimeoutMs?: number;
  /**
   * Called after each partner-token call with its HTTP status (or `timeout` / `error`) and duration, ms
   * (the plugin records it as `relay_upstream_duration_seconds{source="token"}`).
   */
  onTokenCall?: (status: number | 'timeout' | 'error', ms: number) => void;
}

/** One upstream call. The URL must come from `buildUpstreamUrl` on this upstream's {@link Upstream.baseUrl}. */
export interface UpstreamCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | Buffer | Readable | null;
}

/**
 * One configured Avvance environment: its keep-alive connection pool (an undici `Agent` that never follows
 * redirects), circuit breaker, and partner tokens. Only URLs on its own base origin or token URL are called.
 */
export class Upstream {
  readonly environment: UpstreamEnvironment;
  readonly breaker: CircuitBreaker;
  readonly #agent: Agent;
  readonly #tokens: TokenCache;
  readonly #resolveEmbedded: () => string | undefined;
  readonly #configuredBase: URL | undefined;
  readonly #configuredToken: URL | undefined;
  readonly #onTokenCall: UpstreamOptions['onTokenCall'];

  constructor(opts: UpstreamOptions) {
    const env = opts.environment;
    this.environment = env;
    this.#tokens = opts.tokens;
    this.#resolveEmbedded = opts.resolveEmbedded;
    this.#onTokenCall = opts.onTokenCall;
    this.breaker = new CircuitBreaker(opts.breaker);
    this.#configuredBase =
      env.baseUrl === 'embedded' ? undefined : httpUrl(env.baseUrl, `${env.name}.baseUrl`);
    this.#configuredToken = env.tokenUrl ? httpUrl(env.tokenUrl, `${env.name}.tokenUrl`) : undefined;
    this.#agent = new Agent({
      connect: { timeout: opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS },
      keepAliveTimeout: KEEP_ALIVE_MS,
      headersTimeout: env.timeoutMs,
      bodyTimeout: env.timeoutMs,
    });
  }

  /** Environment name. */
  get name(): string {
    return this.environment.name;
  }

  /** True for the relay's own sandbox over loopback. */
  get embedded(): boolean {
    return this.environment.baseUrl === 'embedded';
  }

  /** The API base URL (origin plus optional path prefix). Throws 503 while an embedded relay is not listening. */
  baseUrl(): URL {
    if (this.#configuredBase) return this.#configuredBase;
    const origin = this.#resolveEmbedded();
    if (!origin) throw new RelayErrors.configEmbeddedNotListening();
    return new URL(origin);
  }

  /** The token endpoint: `tokenUrl`, else `<baseUrl>/auth/oauth2/v1/token`. */
  tokenUrl(): URL {
    if (this.#configuredToken) return this.#configuredToken;
    const base = this.baseUrl();
    return new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${TOKEN_PATH}`);
  }

  /** The partner's credentials in this environment, if configured. */
  credentialsFor(partnerId: string): PartnerCredentials | undefined {
    return Object.hasOwn(this.environment.credentials, partnerId)
      ? this.environment.credentials[partnerId]
      : undefined;
  }

  /** Sends one call; transport errors become 502/504 relay errors. Redirects are never followed. */
  async request(call: UpstreamCall): Promise<Dispatcher.ResponseData> {
    try {
      return await this.#agent.request({
        origin: call.url.origin,
        path: `${call.url.pathname}${call.url.search}`,
        method: call.method as Dispatcher.HttpMethod,
        headers: call.headers,
        body: call.body ?? null,
      });
    } catch (err: unknown) {
      throw mapTransportError(err, this.name, this.environment.timeoutMs);
    }
  }

  /** A partner token (cached, single-flight). Throws 400 without credentials, 502/504 when the token call fails. */
  partnerToken(partnerId: string): Promise<string> {
    const credentials = this.credentialsFor(partnerId);
    if (!credentials) return Promise.reject(new RelayErrors.upstreamNoCredentials(partnerId, this.name));
    return this.#tokens.get(this.#tokenKey(partnerId), () => this.#timedFetchToken(credentials));
  }

  /** Forgets a partner token the upstream refused (401). */
  invalidateToken(partnerId: string, token: string): void {
    this.#tokens.invalidate(this.#tokenKey(partnerId), token);
  }

  #tokenKey(partnerId: string): string {
    return `${this.name}\u0000${partnerId}`;
  }

  async #timedFetchToken(credentials: PartnerCredentials) {
    const t0 = performance.now();
    let status: number | 'timeout' | 'error' = 'error';
    try {
      return await this.#fetchToken(credentials, (s) => {
        status = s;
      });
    } catch (err: unknown) {
      if ((err as { code?: string })?.code === 'RELAY_ERR_UPSTREAM_TIMEOUT') status = 'timeout';
      throw err;
    } finally {
      this.#onTokenCall?.(status, performance.now() - t0);
    }
  }

  async #fetchToken(credentials: PartnerCredentials, onStatus: (status: number) => void) {
    const basic = Buffer.from(`${credentials.clientKey}:${credentials.clientSecret}`).toString('base64');
    const res = await this.request({
      method: 'POST',
      url: this.tokenUrl(),
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'correlation-id': randomUUID(),
      },
      body: 'grant_type=client_credentials',
    });
    onStatus(res.statusCode);
    let text: string;
    try {
      text = (await readLimited(res.body, TOKEN_RESPONSE_BYTES)).bytes.toString('utf8');
    } catch (err: unknown) {
      throw mapTransportError(err, this.name, this.environment.timeoutMs);
    }
    if (res.statusCode !== 200) {
      const err = new RelayErrors.upstreamTokenFailed(
        this.name,
        `the token endpoint answered ${res.statusCode}`,
      );
      throw res.statusCode >= 500 ? upstreamFailure(err) : err;
    }
    let parsed: { accessToken?: unknown; expiresIn?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new RelayErrors.upstreamTokenFailed(this.name, 'the token response is not JSON');
    }
    const expires = typeof parsed.expiresIn === 'string' ? Number(parsed.expiresIn) : parsed.expiresIn;
    if (typeof parsed.accessToken !== 'string' || parsed.accessToken === '' || typeof expires !== 'number') {
      throw new RelayErrors.upstreamTokenFailed(this.name, 'the token response lacks accessToken/expiresIn');
    }
    return { accessToken: parsed.accessToken, expiresInSeconds: Number.isFinite(expires) ? expires : 0 };
  }

  /** Closes pooled sockets. */
  close(): Promise<void> {
    return this.#agent.close();
  }
}

function httpUrl(value: string, key: string): URL {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`${key} must be http(s)`);
  if (url.username || url.password || url.search || url.hash)
    throw new TypeError(`${key} must not hold credentials, a query or a fragment`);
  return url;
}

/**
 * Reads a body up to `max` bytes; past that, the rest is discarded (the stream is destroyed) and
 * `truncated` is set.
 */
export async function readLimited(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  max: number,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size + chunk.length > max) {
      chunks.push(chunk.subarray(0, max - size));
      body.destroy();
      return { bytes: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}
