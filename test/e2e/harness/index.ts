/**
 * E2E harness for the DevTools panel in real headless Chromium (recipe: shared/recipes/devtools-e2e in
 * the brief). Typical use:
 *
 * ```ts
 * const extensionDir = await ensureExtensionBuilt();
 * const browser = await launchWithExtension({ extensionDir });
 * await browser.page.goto(url); // DevTools pages never load for about:blank
 * const opened = await openExtensionPanel(browser.browserSession, { title: 'Avvance', pagePath: '/devtools-panel.html' });
 * await opened.panel.waitForSelector('[data-testid="empty-state"]');
 * // …
 * await browser.close(); // in afterAll
 * ```
 */
export { ensureExtensionBuilt, isExtensionBuildStale } from './build-extension.ts';
export type { TargetSession } from './cdp-target.ts';
export { attachToTarget } from './cdp-target.ts';
export type { ExtensionBrowser, LaunchOptions } from './chromium.ts';
export { launchWithExtension } from './chromium.ts';
export type { OpenedPanel, OpenPanelOptions, ScreenshotOptions } from './devtools.ts';
export { openExtensionPanel, PanelFrame, screenshotDevtools } from './devtools.ts';
export { freePort } from './free-port.ts';
export { CHROME_EXTENSION_DIR, DOCS_IMAGES_DIR, findChromium, REPO_ROOT } from './paths.ts';
export { extensionIdOf, grantSiteAccess, openDevtoolsFor } from './site-access.ts';
export { BROWSER_HOOK_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS } from './timeouts.ts';
export type { WaitForOptions } from './wait.ts';
export { waitFor } from './wait.ts';
