/** Vitest timeout for a test that drives Chromium, in milliseconds (the suite default of 20 s is too short on a loaded 2-core CI box). */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;

/** Vitest timeout for hooks that build the extension and launch Chromium, in milliseconds. */
export const BROWSER_HOOK_TIMEOUT_MS = 120_000;
