import { defineConfig } from 'vitest/config';
import { sharedTestSettings } from './vitest.config.ts';

/** Real-Chromium end-to-end tests (test/e2e), one file at a time: see vitest.config.ts. */
export default defineConfig({
  test: {
    ...sharedTestSettings,
    include: ['test/e2e/**/*.test.ts'],
    // Also builds the extension once before the first browser starts.
    globalSetup: [...sharedTestSettings.globalSetup, 'test/e2e/global-setup.ts'],
    fileParallelism: false,
  },
});
