import { defineConfig } from 'vitest/config';

/** Settings shared by the unit/integration run and the end-to-end run (vitest.e2e.config.ts). */
export const sharedTestSettings = {
  // Load shedding reacts to event-loop delay; on a loaded CI machine a starved test worker would shed
  // its own test requests (a sample window without any sample counts as infinite delay, so no threshold
  // is safe). Relays started by tests (build() without a config, loadConfig()) read this and do not shed;
  // production keeps the 1 s default. Shedding tests pass an explicit config (docs/configuration.md).
  env: { RELAY_MAX_EVENT_LOOP_DELAY: '0' },
  testTimeout: 20_000,
  hookTimeout: 60_000,
  // Builds the web viewer the relay serves when it is missing or stale (fresh clones).
  globalSetup: ['test/global-setup.ts'],
};

// Unit, property, integration, security, scale and deploy tests. The real-Chromium end-to-end tests run
// after them, one file at a time (vitest.e2e.config.ts): several browsers at once on a 2-core machine
// make DevTools miss its own timings.
export default defineConfig({
  test: {
    ...sharedTestSettings,
    include: [
      'shared/**/*.test.ts',
      'relay/**/*.test.ts',
      'extension/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    coverage: {
      provider: 'v8',
      include: ['shared/src/**/*.ts', 'relay/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/__tests__/**', '**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'shared/src/**': { lines: 90 },
      },
    },
  },
});
