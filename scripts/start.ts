/**
 * `npm start`: builds the extension when its sources changed, starts the relay on 127.0.0.1 and prints
 * what to open. Ctrl-C stops everything cleanly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

const port = Number(process.env.RELAY_PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`RELAY_PORT must be a port number (0-65535), got "${process.env.RELAY_PORT}".`);
  process.exit(1);
}

const { app, url } = await startServer({ port, log: process.env.RELAY_LOG === '1' });

console.log(`
Avvance Workbench relay is listening on ${url}
  health:               ${url}/health
  Avvance OpenAPI:      ${url}/openapi/avvance.json

Load the unpacked extension:
  Chrome:  chrome://extensions → Developer mode → Load unpacked → ${chromeDir}
  Firefox: about:debugging#/runtime/this-firefox → Load Temporary Add-on → ${join(firefoxDir, 'manifest.json')}
Then open DevTools on any page and select the "Avvance" tab.

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the relay…');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
