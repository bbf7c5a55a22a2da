/**
 * `npm start`: builds the extension when its sources changed, starts the relay (with its embedded Avvance
 * sandbox) on 127.0.0.1:8787 and the demo merchant store on 127.0.0.1:8788, and prints what to open.
 * Ctrl-C stops everything cleanly. Ports: RELAY_PORT, DEMO_PORT.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_LOCAL_API_KEY } from '../relay/src/config/defaults.ts';
import { type RunningDemoStore, startDemoStore } from '../relay/src/demo/server.ts';
import { closeGracefully } from '../relay/src/plugins/lifecycle.ts';
import { startServer } from '../relay/src/server.ts';

const root = resolve(import.meta.dirname, '..');
const chromeDir = join(root, '.output', 'chrome-mv3');
const firefoxDir = join(root, '.output', 'firefox-mv2');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function extensionIsStale(): boolean {
  const manifest = join(chromeDir, 'manifest.json');
  if (!existsSync(manifest)) return true;
  const builtAt = statSync(manifest).mtimeMs;
  return ['extension', 'shared'].some((dir) => newestMtime(join(root, dir)) > builtAt);
}

if (process.env.SKIP_EXTENSION_BUILD !== '1' && extensionIsStale()) {
  console.log('Building the extension (Chrome MV3 and Firefox)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The extension build failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number (0-65535), got "${raw}".`);
    process.exit(1);
  }
  return port;
}

/** Exits with one clear line when a port is taken (EADDRINUSE) instead of a stack trace. */
function failToListen(err: unknown, port: number, envName: string, what: string): never {
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use; set ${envName}=<another port> (${what}).`);
  } else if (code === 'EACCES') {
    console.error(`Not allowed to listen on port ${port}; set ${envName}=<a port above 1024> (${what}).`);
  } else {
    console.error(`Could not start the ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exit(1);
}

const relayPort = portFrom('RELAY_PORT', 8787);
const demoPort = portFrom('DEMO_PORT', 8788);

let relay: Awaited<ReturnType<typeof startServer>>;
try {
  relay = await startServer({ port: relayPort, log: process.env.RELAY_LOG === '1' });
} catch (err: unknown) {
  failToListen(err, relayPort, 'RELAY_PORT', 'relay');
}
const { app, url } = relay;

// The demo backend calls Avvance through the relay's pass-through by default, with the relay's local API
// key as its "client secret": its server-side calls land in the partner's default team session next to
// the browser's. DEMO_AVVANCE_BASE_URL=<relay url> calls the embedded sandbox directly instead.
const passThroughUrl = `${url}/v1/proxy/sandbox`;
const avvanceBaseUrl = process.env.DEMO_AVVANCE_BASE_URL || passThroughUrl;
const viaPassThrough = avvanceBaseUrl === passThroughUrl;
const clientSecret = process.env.DEMO_CLIENT_SECRET || (viaPassThrough ? DEFAULT_LOCAL_API_KEY : undefined);

let demo: RunningDemoStore;
try {
  demo = await startDemoStore({
    port: demoPort,
    logger: process.env.DEMO_LOG === '1' ? { level: 'info' } : false,
    avvanceBaseUrl,
    sandboxControlUrl: url,
    ...(process.env.DEMO_PARTNER_ID ? { partnerId: process.env.DEMO_PARTNER_ID } : {}),
    ...(process.env.DEMO_MERCHANT_ID ? { merchantId: process.env.DEMO_MERCHANT_ID } : {}),
    ...(process.env.DEMO_CLIENT_KEY ? { clientKey: process.env.DEMO_CLIENT_KEY } : {}),
    ...(clientSecret ? { clientSecret } : {}),
  });
} catch (err: unknown) {
  await app.close();
  failToListen(err, demoPort, 'DEMO_PORT', 'demo store');
}

const webhookLine = demo.webhookRegistrationError
  ? `  webhooks:             NOT registered (${demo.webhookRegistrationError.message})`
  : `  webhooks:             ${demo.webhookUrl} (registered with the sandbox, HTTP Basic)`;

console.log(`
Avvance Workbench is running.

  Demo store (open me): ${demo.url}/demo
  Relay:                ${url}
    health:             ${url}/health
    Avvance OpenAPI:    ${url}/openapi/avvance.json
  Demo → Avvance:       ${avvanceBaseUrl}${
    viaPassThrough
      ? ' (relay pass-through, relay API key as client secret: server calls show in the team session "default")'
      : ''
  }
${webhookLine}
  Sandbox test credentials, personas and magic values: ${join(root, 'docs', 'sandbox.md')}

Unpacked extension:
  Chrome:  chrome://extensions → Developer mode → Load unpacked → ${chromeDir}
  Firefox: about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${join(firefoxDir, 'manifest.json')}

Next steps:
  1. Load the unpacked extension (above).
  2. Open the demo store: ${demo.url}/demo
  3. Open DevTools (F12) → "Avvance" tab, then check out with "Pay over time with Avvance" using the
     approvable mobile phone 9009009000 (SSN ending 0000 approves; 1111 pending; 3333 declines).

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the demo store and the relay…');
    // Bounded like the relay's own SIGINT handler: browsers keep connections open that a plain close()
    // would wait for (up to a minute) before it returns.
    Promise.all([demo.app.close(), closeGracefully(app, relay.config.shutdownTimeoutMs ?? 10_000)]).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
