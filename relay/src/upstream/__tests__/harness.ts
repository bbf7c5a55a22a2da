/**
 * Test relays for replay and the pass-through: the real auth, metrics, sessions, sandbox and upstream
 * plugins, listening on 127.0.0.1:0 (the embedded sandbox is reached over loopback), with pino output
 * captured. Plus a tiny node:http upstream for faults and a canary listener that must receive nothing.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { vi } from 'vitest';
import type { Exchange } from '../../../../shared/src/model/exchange.ts';
import type { PartnerConfig, RelayConfig, UpstreamEnvironment } from '../../config/types.ts';
import { authPlugin } from '../../plugins/auth.ts';
import { installErrorHandler } from '../../plugins/error-handler.ts';
import { metricsPlugin } from '../../plugins/metrics.ts';
import { proxyRoutes } from '../../routes/proxy.ts';
import { replayRoutes } from '../../routes/replay.ts';
import { sandboxPlugin } from '../../sandbox/index.ts';
import { sessionsPlugin } from '../../sessions/index.ts';
import type { RelayUser } from '../../types.ts';
import { type UpstreamPluginOptions, upstreamPlugin } from '../plugin.ts';

/** Canary partner credentials: must never appear in any response, broadcast or log line. */
export const CANARY = {
  partnerId: 'partner-org-name',
  clientKey: 'canary_client_key_7f3a',
  clientSecret: 'CANARY_SECRET_9b1e44d2c0',
  apiKey: 'rk_test_canary_api_key_51c2',
} as const;

export const MERCHANT_ID = '435523232323';

export const DEV: RelayUser = { sub: 'u-dev', name: 'Dev', role: 'developer', partnerId: CANARY.partnerId };
export const ADMIN: RelayUser = { sub: 'u-admin', name: 'Admin', role: 'admin', partnerId: CANARY.partnerId };
/** A partner with no credentials in any environment. */
export const OTHER: RelayUser = { sub: 'u-other', name: 'Other', role: 'developer', partnerId: 'partner-b' };

/** Options of {@link startRelay}. */
export interface RelayHarnessOptions {
  /** Extra environments (the embedded `sandbox` is always first). */
  environments?: UpstreamEnvironment[];
  limits?: Partial<RelayConfig['limits']>;
  replayBlocked?: string[];
  upstream?: UpstreamPluginOptions;
  /** Sandbox timeout fault duration, ms. */
  sandboxTimeoutMs?: number;
}

export interface RelayHarness {
  app: FastifyInstance;
  url: string;
  logs: string[];
  /** Authorization headers the embedded sandbox received on partner API calls. */
  upstreamAuth: string[];
  /** Masked exchanges handed to the real `app.sessions.publish`, with their session. */
  published: { session: string; exchange: Exchange }[];
  token(user?: RelayUser): Promise<string>;
  close(): Promise<void>;
}

/** An environment on `baseUrl` with the canary credentials. */
export function environment(
  name: string,
  baseUrl: string,
  extra: Partial<UpstreamEnvironment> = {},
): UpstreamEnvironment {
  return {
    name,
    baseUrl,
    production: false,
    credentials: { [CANARY.partnerId]: { clientKey: CANARY.clientKey, clientSecret: CANARY.clientSecret } },
    timeoutMs: 2_000,
    ...extra,
  };
}

/** Starts a relay with the embedded sandbox (canary credentials) on 127.0.0.1:0. */
export async function startRelay(opts: RelayHarnessOptions = {}): Promise<RelayHarness> {
  const logs: string[] = [];
  const app = Fastify({ logger: { level: 'trace', stream: { write: (line: string) => logs.push(line) } } });
  const partners: PartnerConfig[] = [
    { id: CANARY.partnerId, name: 'Canary partner', apiKeys: [CANARY.apiKey], defaultSession: 'default' },
    { id: 'partner-b', name: 'Partner B', apiKeys: ['rk_test_partner_b'], defaultSession: 'default' },
  ];
  const config: RelayConfig = {
    host: '127.0.0.1',
    port: 0,
    publicUrl: 'http://relay.test',
    mode: 'local',
    jwt: { secret: 'harness-secret-harness-secret-0123456789', ttlSeconds: 900, refreshTtlSeconds: 3600 },
    environments: [environment('sandbox', 'embedded'), ...(opts.environments ?? [])],
    partners,
    sandbox: true,
    limits: {
      bodyBytes: 1_048_576,
      ratePerMinute: 600,
      backlogEvents: 1000,
      backlogBytes: 8 << 20,
      ...opts.limits,
    },
    replayBlocked: opts.replayBlocked ?? [],
    logLevel: 'trace',
  };
  installErrorHandler(app);
  app.decorate('relayConfig', config);
  await app.register(metricsPlugin);
  await app.register(authPlugin);
  await app.register(sessionsPlugin, { heartbeatMs: 60_000 });
  const upstreamAuth: string[] = [];
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/poslp/')) upstreamAuth.push(String(request.headers.authorization));
    });
    await scope.register(sandboxPlugin, {
      partners: [
        {
          partnerId: CANARY.partnerId,
          clientKey: CANARY.clientKey,
          clientSecret: CANARY.clientSecret,
          merchantIds: [MERCHANT_ID],
        },
      ],
      faults: { timeoutMs: opts.sandboxTimeoutMs ?? 5_000 },
    });
  });
  await app.register(upstreamPlugin, opts.upstream ?? {});
  await app.register(replayRoutes);
  await app.register(proxyRoutes);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const published: RelayHarness['published'] = [];
  const publish = app.sessions.publish.bind(app.sessions);
  vi.spyOn(app.sessions, 'publish').mockImplementation((partnerId, session, exchange, sentBy) => {
    published.push({ session, exchange });
    return publish(partnerId, session, exchange, sentBy);
  });
  return {
    app,
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    logs,
    upstreamAuth,
    published,
    token: (user = DEV) => app.issueAccessToken(user),
    close: () => app.close(),
  };
}

/** A recorded request to a {@link startHttpServer} server. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
}

export interface TestServer {
  url: string;
  port: number;
  server: Server;
  requests: SeenRequest[];
  /** TCP connections accepted. */
  connections: number;
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1:0. `handler` answers after the request body was read (counted, not
 * kept).
 */
export async function startHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => unknown,
): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const state = { connections: 0 };
  const server = createServer((req, res) => {
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      bodyBytes: 0,
    };
    requests.push(seen);
    req.on('data', (chunk: Buffer) => {
      seen.bodyBytes += chunk.length;
    });
    req.on('end', () => handler(req, res, seen));
  });
  server.on('connection', () => {
    state.connections++;
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers the Avvance token call like the real API (camelCase, `expiresIn` a string). */
export function answerToken(res: ServerResponse, accessToken = 'upstream-token-1', expiresIn = '899'): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ tokenType: 'BearerToken', expiresIn, accessToken }));
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const s = await startHttpServer((_q, r) => r.end());
  await s.close();
  return s.port;
}

/** A raw HTTP/1.1 exchange over a socket (no URL normalisation at all); returns the status and body. */
export async function rawHttp(
  port: number,
  head: string,
  body = '',
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      // A head that already ends the header block is sent verbatim (e.g. chunked bodies).
      socket.write(
        head.includes('\r\n\r\n')
          ? head
          : `${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

/** JSON of a replay answer (success or error envelope), loosely typed for assertions. */
export interface ReplayJson {
  error: { code: string; message: string };
  exchange: Exchange & { response: NonNullable<Exchange['response']> };
  published?: { session: string; sequence: number };
}
