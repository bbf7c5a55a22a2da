import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const viewerIndex = join(root, '.output', 'viewer', 'index.html');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/**
 * Vitest `globalSetup`: builds the web viewer (`.output/viewer`) when it is missing or older than its
 * sources. The relay serves it at the share URL; without a build that route answers 503, which the
 * relay tests would then see on a fresh clone.
 */
export default async function setup(): Promise<void> {
  const builtAt = existsSync(viewerIndex) ? statSync(viewerIndex).mtimeMs : 0;
  const sources = ['extension', 'shared/src', 'vite.viewer.config.ts'].map((s) => newestMtime(join(root, s)));
  if (builtAt > 0 && sources.every((t) => t <= builtAt)) return;
  await build({ configFile: join(root, 'vite.viewer.config.ts'), logLevel: 'error' });
}
