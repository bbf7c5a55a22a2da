import { ensureExtensionBuilt } from './harness/build-extension.ts';

/**
 * Optional Vitest `globalSetup` for the browser E2E tests: builds `.output/chrome-mv3` once before any
 * test file runs (skipped when the build is newer than every source). The tests call
 * `ensureExtensionBuilt()` themselves too, so they also work without this file wired in.
 */
export default async function setup(): Promise<void> {
  await ensureExtensionBuilt();
}
