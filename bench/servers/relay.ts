/**
 * The relay under test (relay/src/server.ts startServer) with a benchmark configuration: no embedded
 * sandbox, upstream environments from argv[2] (JSON `[{ name, baseUrl }]`), rate limit raised to the
 * schema maximum, load shedding off, logs off. IPC commands drive the WebSocket fan-out benchmark from
 * inside the relay process (`app.sessions.publish`, see publisher.ts). With `BENCH_REDIS_URL` the relay
 * uses the Redis backplane (2-instance mode; every instance also needs the same `BENCH_JWT_SECRET`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../relay/src/config/load-config.ts';
import { startServer } from '../../relay/src/server.ts';
import type { SessionHub } from '../../relay/src/sessions/hub.ts';
import { childReady } from '../lib/util.ts';
import { serveFanoutCommands } from './publisher.ts';

const PARTNER = 'partner-org-name';
const envs = JSON.parse(process.argv[2] ?? '[]') as { name: string; baseUrl: string }[];
const dir = mkdtempSync(join(tmpdir(), 'avvance-bench-'));
const file = join(dir, 'relay.json');
writeFileSync(
  file,
  JSON.stringify({
    environments: envs.map((e) => ({
      name: e.name,
      baseUrl: e.baseUrl,
      credentials: {
        [PARTNER]: {
          clientKey: 'avv_test_key_partner_org_name',
          clientSecret: 'avv_test_secret_sandbox_only',
        },
      },
    })),
    partners: [{ id: PARTNER, apiKeys: ['rk_local_partner-org-name'] }],
  }),
);
const loaded = loadConfig({
  file,
  env: {
    RELAY_SANDBOX: '0',
    RELAY_PORT: '0',
    RELAY_RATE_LIMIT: '1000000',
    RELAY_MAX_EVENT_LOOP_DELAY: '0',
    RELAY_LOG_LEVEL: 'silent',
    RELAY_BACKLOG_EVENTS: process.env.BENCH_BACKLOG_EVENTS ?? '1000',
    ...(process.env.BENCH_REDIS_URL ? { RELAY_REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
    ...(process.env.BENCH_JWT_SECRET ? { RELAY_JWT_SECRET: process.env.BENCH_JWT_SECRET } : {}),
  },
});
if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
const { app, url } = await startServer({ config: loaded.config, port: 0, log: false, printNotices: false });

const hub = app.sessions as unknown as SessionHub;
const user = { sub: 'bench', name: 'bench', role: 'developer' as const, partnerId: PARTNER };
serveFanoutCommands({
  async sessions(count) {
    // Created here and, with the backplane, known to every instance before subscribers join.
    const ids = Array.from({ length: count }, (_, i) => hub.create(user, `bench-${i}`).id);
    await Promise.all(ids.map((id) => hub.settled(id)));
    return ids;
  },
  publish(sessionId, exchange) {
    app.sessions.publish(PARTNER, sessionId, exchange, user);
  },
});
childReady({ url }, () => app.close());
