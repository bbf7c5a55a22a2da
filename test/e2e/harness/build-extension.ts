import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHROME_EXTENSION_DIR, REPO_ROOT } from './paths.ts';

const run = promisify(execFile);

/** Sources whose change makes `.output/chrome-mv3` stale. */
const SOURCES = ['extension', 'shared/src', 'wxt.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when `.output/chrome-mv3` is missing or older than any source file. */
export function isExtensionBuildStale(): boolean {
  const manifest = join(CHROME_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifest)) return true;
  const builtAt = statSync(manifest).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(REPO_ROOT, s)) > builtAt);
}

let building: Promise<string> | undefined;

/**
 * Builds the Chrome MV3 extension with `wxt build` unless the existing build is up to date, and returns
 * its directory. Set `E2E_REBUILD=1` to force a build. Safe to call from several tests (one build per process).
 */
export function ensureExtensionBuilt(): Promise<string> {
  building ??= (async () => {
    if (process.env['E2E_REBUILD'] === '1' || isExtensionBuildStale()) {
      await run(join(REPO_ROOT, 'node_modules', '.bin', 'wxt'), ['build'], {
        cwd: REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 16 * 1024 * 1024,
      });
    }
    return CHROME_EXTENSION_DIR;
  })();
  return building;
}
