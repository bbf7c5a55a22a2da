import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
// @ts-expect-error addons-linter ships no type declarations.
import addonsLinter from 'addons-linter';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const FIREFOX_DIR = join(ROOT, '.output', 'firefox-mv2');
const SOURCES = ['extension', 'shared/src', 'wxt.config.ts', 'package-lock.json'];

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Builds `.output/firefox-mv2` when it is missing or older than the sources (like the E2E harness). */
async function ensureFirefoxBuild(): Promise<void> {
  const manifest = join(FIREFOX_DIR, 'manifest.json');
  const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  if (builtAt > 0 && !SOURCES.some((s) => newestMtime(join(ROOT, s)) > builtAt)) return;
  await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'wxt'), ['build', '-b', 'firefox'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

const format = (m: LintMessage): string => `${m.code} ${m.file ?? ''}:${m.line ?? ''} ${m.message}`;

describe('Firefox build', () => {
  it('passes addons-linter with 0 errors', async () => {
    await ensureFirefoxBuild();
    const linter = addonsLinter.createInstance({
      config: {
        _: [FIREFOX_DIR],
        logLevel: 'fatal',
        stack: false,
        pretty: false,
        warningsAsErrors: false,
        metadata: false,
        output: 'none',
        boring: true,
        selfHosted: false,
        shouldScanFile: () => true,
      },
      runAsBinary: false,
    });
    const result = (await linter.run()) as { errors: LintMessage[]; warnings: LintMessage[] };
    for (const w of result.warnings) console.info(`addons-linter warning: ${format(w)}`);
    expect(result.errors.map(format)).toEqual([]);
  }, 120_000);
});
