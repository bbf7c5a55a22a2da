/**
 * The real relay (`build()` from relay/src/app.ts: every plugin, the embedded sandbox, local mode) listening
 * on 127.0.0.1:0, configured with the canary partner credentials of the upstream harness, pino output
 * captured line by line. Plus a fake upstream environment `up` and a canary listener that must never see a
 * byte. Everything stays on loopback.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { build } from '../../../relay/src/app.ts';
import { defaultConfig } from '../../../relay/src/config/load-config.ts';
import type { PartnerConfig, RelayConfig, UpstreamEnvironment } from '../../../relay/src/config/types.ts';
import type { RelayUser } from '../../../relay/src/types.ts';
import {
  CANARY,
  environment,
  MERCHANT_ID,
  startHttpServer,
  type TestServer,
} from '../../../relay/src/upstream/__tests__/harness.ts';

export {
  answerToken,
  CANARY,
  closedPort,
  environment,
  MERCHANT_ID,
  rawHttp,
  startHttpServer,
  type TestServer,
} from '../../../relay/src/upstream/__tests__/harness.ts';

/** Secrets beyond the harness's CANARY: webhook password, JWT secret, upstream-issued partner token. */
export const CANARY_EXTRA = {
  webhookUser: 'canary-hooks',
  webhookPassword: 'CANARY_WEBHOOK_PW_3d9f1a77',
  jwtSecret: 'CANARY_JWT_SECRET_0a1b2c3d4e5f6a7b8c9d0e1f',
  upstreamToken: 'CANARY_UPSTREAM_TOKEN_e7c1d2',
} as const;

/** Every canary value that must never leave the relay. */
export const ALL_CANARIES: readonly string[] = [
  CANARY.clientKey,
  CANARY.clientSecret,
  CANARY.apiKey,
  CANARY_EXTRA.webhookPassword,
  CANARY_EXTRA.jwtSecret,
  CANARY_EXTRA.upstreamToken,
  // Basic header value as the relay would build it for the token call.
  Buffer.from(`${CANARY.clientKey}:${CANARY.clientSecret}`).toString('base64'),
];

export const DEV: RelayUser = { sub: 'u-dev', name: 'Dev', role: 'developer', partnerId: CANARY.partnerId };
export const ADMIN: RelayUser = { sub: 'u-admin', name: 'Admin', role: 'admin', partnerId: CANARY.partnerId };
export const MALLORY: RelayUser = {
  sub: 'u-mallory',
  name: 'Mallory',
  role: 'developer',
  partnerId: 'partner-b',
};

export interface WorkbenchOptions {
  /** Extra environments after the embedded `sandbox` (built with {@link environment}). */
  environments?: UpstreamEnvironment[];
  limits?: Partial<RelayConfig['limits']>;
  /** Port to listen on (restart tests); defaults to 0. */
  port?: number;
  sandboxTimeoutMs?: number;
}

export interface Workbench {
  app: FastifyInstance;
  url: string;
  port: number;
  logs: string[];
  config: RelayConfig;
  token(user?: RelayUser): Promise<string>;
  close(): Promise<void>;
}

/** Builds the real relay with the canary configuration and listens on 127.0.0.1. */
export async function startWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  const logs: string[] = [];
  const base = defaultConfig();
  const partners: PartnerConfig[] = [
    {
      id: CANARY.partnerId,
      name: 'Canary partner',
      apiKeys: [CANARY.apiKey],
      webhook: { type: 'basic', username: CANARY_EXTRA.webhookUser, password: CANARY_EXTRA.webhookPassword },
      defaultSession: 'default',
    },
    {
      id: 'partner-b',
      name: 'Partner B',
      apiKeys: ['rk_test_partner_b_key_0001'],
      defaultSession: 'default',
    },
  ];
  const config: RelayConfig = {
    ...base,
    port: opts.port ?? 0,
    jwt: { ...base.jwt, secret: CANARY_EXTRA.jwtSecret },
    environments: [environment('sandbox', 'embedded'), ...(opts.environments ?? [])],
    partners,
    // Load shedding off: a loaded CI machine must not turn these checks into 503s.
    limits: { ...base.limits, maxEventLoopDelayMs: 0, ...opts.limits },
    logLevel: 'trace',
  };
  const app = await build({
    config,
    logger: { level: 'trace', stream: { write: (line: string) => logs.push(line) } },
    sandbox: {
      partners: [
        {
          partnerId: CANARY.partnerId,
          clientKey: CANARY.clientKey,
          clientSecret: CANARY.clientSecret,
          merchantIds: [MERCHANT_ID],
        },
      ],
      faults: { timeoutMs: opts.sandboxTimeoutMs ?? 3_000 },
    },
  });
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    config,
    token: (user = DEV) => app.issueAccessToken(user),
    close: () => app.close(),
  };
}

/** A canary listener: any request or TCP connection to it is an SSRF. */
export async function startCanary(): Promise<TestServer> {
  return startHttpServer((_req, res) => res.end('canary'));
}

/** JSON POST helper. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; json: unknown; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** Polls `check` until it is true or `timeoutMs` passes (no fixed sleeps). */
export async function waitFor(check: () => boolean, timeoutMs = 5_000, stepMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
