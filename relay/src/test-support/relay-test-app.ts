/**
 * A real relay for session/webhook tests: `build()` with the real auth plugin (relay JWTs verified exactly
 * as in production), the sessions plugin and the webhook routes, configured with two test partners and no
 * sandbox, listening on 127.0.0.1:0. Tokens are issued by the relay itself (`app.issueAccessToken`).
 */
import type { FastifyInstance } from 'fastify';
import { build } from '../app.ts';
import { defaultConfig } from '../config/load-config.ts';
import type { PartnerConfig, RelayConfig } from '../config/types.ts';
import type { SessionsPluginOptions } from '../sessions/index.ts';
import type { RelayUser } from '../types.ts';

/** JWT secret of test apps. */
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123';

/** Users of the test partners. */
export const USERS = {
  ada: { sub: 'u-ada', name: 'Ada', role: 'developer', partnerId: 'partner-a' },
  grace: { sub: 'u-grace', name: 'Grace', role: 'developer', partnerId: 'partner-a' },
  linus: { sub: 'u-linus', name: 'Linus', role: 'developer', partnerId: 'partner-a' },
  mallory: { sub: 'u-mallory', name: 'Mallory', role: 'developer', partnerId: 'partner-b' },
  root: { sub: 'u-root', name: 'Root', role: 'admin', partnerId: 'partner-b' },
} as const satisfies Record<string, RelayUser>;

/** Options of {@link buildTestRelay}. */
export interface TestRelayOptions {
  partners?: Partial<PartnerConfig>[];
  limits?: Partial<RelayConfig['limits']>;
  sessions?: SessionsPluginOptions;
  /** JWT secret (default {@link TEST_JWT_SECRET}): named-session ids are derived from it. */
  jwtSecret?: string;
  /** Port on 127.0.0.1 (default: a free one), e.g. to restart a relay where clients expect it. */
  port?: number;
}

function partner(p: Partial<PartnerConfig>): PartnerConfig {
  return { id: 'partner-a', name: p.id ?? 'partner-a', apiKeys: [], defaultSession: 'default', ...p };
}

/** Builds and starts a test relay on 127.0.0.1:0. */
export async function buildTestRelay(opts: TestRelayOptions = {}): Promise<{
  app: FastifyInstance;
  url: string;
  /** A relay access token for one of {@link USERS} (issued by the relay's auth plugin). */
  token(user: RelayUser): string;
}> {
  const base = defaultConfig();
  const config: RelayConfig = {
    ...base,
    host: '127.0.0.1',
    port: 0,
    publicUrl: 'http://relay.test',
    mode: 'local',
    jwt: { secret: opts.jwtSecret ?? TEST_JWT_SECRET, ttlSeconds: 900, refreshTtlSeconds: 3600 },
    // The upstream plugin needs one environment; these tests never call it.
    environments: [
      { name: 'sandbox', baseUrl: 'http://127.0.0.1:9', production: false, credentials: {}, timeoutMs: 1000 },
    ],
    partners: (opts.partners ?? [{ id: 'partner-a' }, { id: 'partner-b' }]).map(partner),
    sandbox: false,
    limits: {
      ...base.limits,
      bodyBytes: 1_048_576,
      ratePerMinute: 600,
      backlogEvents: 1000,
      backlogBytes: 8 << 20,
      // Functional tests: never shed under a loaded CI machine.
      maxEventLoopDelayMs: 0,
      ...opts.limits,
    },
    replayBlocked: [],
    logLevel: 'silent',
  };
  const app = await build({ config, ...(opts.sessions ? { sessions: opts.sessions } : {}) });
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const tokens = new Map<string, string>();
  for (const user of Object.values(USERS)) tokens.set(user.sub, await app.issueAccessToken(user));
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    token: (user) => {
      const token = tokens.get(user.sub);
      if (!token) throw new Error(`buildTestRelay: no token for ${user.sub}; use one of USERS`);
      return token;
    },
  };
}
