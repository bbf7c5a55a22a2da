/**
 * A small relay for session/webhook tests: the real sessions plugin and webhook routes, with a stand-in
 * for relay-core's `authenticate` that follows the contract in relay/src/types.ts (relay JWT in
 * `Authorization: Bearer` or `access_token` on WebSocket upgrades).
 */
import fastifyJwt from '@fastify/jwt';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { PartnerConfig, RelayConfig } from '../config/types.ts';
import { installErrorHandler } from '../plugins/error-handler.ts';
import { webhookRoutes } from '../routes/webhooks.ts';
import { type SessionsPluginOptions, sessionsPlugin } from '../sessions/index.ts';
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
}

function partner(p: Partial<PartnerConfig>): PartnerConfig {
  return { id: 'partner-a', name: p.id ?? 'partner-a', apiKeys: [], defaultSession: 'default', ...p };
}

/** Builds and (unless `listen: false`) starts a test relay on 127.0.0.1:0. */
export async function buildTestRelay(opts: TestRelayOptions = {}): Promise<{
  app: FastifyInstance;
  url: string;
  token(user: RelayUser): string;
}> {
  const app = Fastify({ logger: false });
  const config: RelayConfig = {
    host: '127.0.0.1',
    port: 0,
    publicUrl: 'http://relay.test',
    mode: 'local',
    jwt: { secret: TEST_JWT_SECRET, ttlSeconds: 900, refreshTtlSeconds: 3600 },
    environments: [],
    partners: (opts.partners ?? [{ id: 'partner-a' }, { id: 'partner-b' }]).map(partner),
    sandbox: false,
    limits: {
      bodyBytes: 1_048_576,
      ratePerMinute: 600,
      backlogEvents: 1000,
      backlogBytes: 8 << 20,
      ...opts.limits,
    },
    replayBlocked: [],
    logLevel: 'silent',
  };
  installErrorHandler(app);
  await app.register(fastifyJwt, { secret: TEST_JWT_SECRET });
  app.decorate('relayConfig', config);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const query = request.query as Record<string, string | undefined> | undefined;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : query?.['access_token'];
    if (!token)
      throw Object.assign(new Error('Missing access token'), {
        statusCode: 401,
        code: 'RELAY_ERR_AUTH_MISSING',
      });
    try {
      const payload = app.jwt.verify<RelayUser & { typ: string }>(token);
      request.user = {
        sub: payload.sub,
        name: payload.name,
        role: payload.role,
        partnerId: payload.partnerId,
      };
    } catch {
      throw Object.assign(new Error('Invalid access token'), {
        statusCode: 401,
        code: 'RELAY_ERR_AUTH_INVALID',
      });
    }
  });
  await app.register(sessionsPlugin, opts.sessions ?? {});
  await app.register(webhookRoutes);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    token: (user) => app.jwt.sign({ ...user, typ: 'access' }),
  };
}
