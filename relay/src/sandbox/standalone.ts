import Fastify from 'fastify';
import { sandboxPlugin } from './plugin.ts';

/**
 * Runs the sandbox alone on 127.0.0.1 (never all interfaces): `npx tsx relay/src/sandbox/standalone.ts`.
 * `SANDBOX_PORT` (default 8787) and `SANDBOX_TIME_SCALE` (default 1) tune it.
 */
export async function startStandaloneSandbox(port = Number(process.env.SANDBOX_PORT ?? 8787)) {
  const app = Fastify({ logger: { level: 'info' } });
  const timeScale = Number(process.env.SANDBOX_TIME_SCALE ?? 1);
  const listenPort = Number.isInteger(port) && port >= 0 ? port : 8787;
  await app.register(sandboxPlugin, {
    timeScale,
    publicBaseUrl: listenPort === 0 ? undefined : `http://127.0.0.1:${listenPort}`,
  });
  await app.listen({ host: '127.0.0.1', port: listenPort });
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = await startStandaloneSandbox();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close());
}
