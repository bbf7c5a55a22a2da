import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Unpacked Chrome build of the extension (`npx wxt build`). */
export const CHROME_EXTENSION_DIR = join(REPO_ROOT, '.output', 'chrome-mv3');

/** Where the suite writes documentation screenshots. */
export const DOCS_IMAGES_DIR = join(REPO_ROOT, 'docs', 'images');

const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * The Chromium binary to drive: `$CHROMIUM_PATH` when set, else the Debian `chromium` package.
 * Returns `undefined` when none is installed (scripts/setup-system.sh installs it).
 */
export function findChromium(): string | undefined {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}
