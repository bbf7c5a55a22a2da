import { defineConfig } from 'vitest/config';
import { sharedTestSettings } from './vitest.config.ts';

/** Real-Chromium end-to-end tests (test/e2e), one file at a time: see vitest.config.ts. */
export default defineConfig({
  test: {
    ...sharedTestSettings,
    include: ['test/e2e/**/*.test.ts'],
    // panel-on-demo records the whole demo checkout; it fails in about one run in three because Chromium
    // drops the create call's response body when the page navigates to the hosted application (the call
    // then forms its own journey; docs/user-guide.md). Run it with `npm run test:e2e:demo-panel` until the
    // panel reads bodies inside the page (issue #6).
    exclude: [
      '**/node_modules/**',
      ...(process.env.E2E_DEMO_PANEL === '1' ? [] : ['test/e2e/panel-on-demo.e2e.test.ts']),
    ],
    // Also builds the extension once before the first browser starts.
    globalSetup: [...sharedTestSettings.globalSetup, 'test/e2e/global-setup.ts'],
    fileParallelism: false,
  },
});
