import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExtensionPage, signInOnOptions } from './builder-support.ts';
import { type DemoStack, startDemoStack } from './demo/stack.ts';
import {
  BROWSER_HOOK_TIMEOUT_MS,
  BROWSER_TEST_TIMEOUT_MS,
  DOCS_IMAGES_DIR,
  type ExtensionBrowser,
  ensureExtensionBuilt,
  launchWithExtension,
} from './harness/index.ts';

describe('options page and toolbar popup in Chromium, against a real relay', () => {
  let stack: DemoStack | undefined;
  let browser: ExtensionBrowser | undefined;
  let extensionDir = '';
  let options: Page | undefined;

  beforeAll(async () => {
    extensionDir = await ensureExtensionBuilt();
    stack = await startDemoStack();
    browser = await launchWithExtension({ extensionDir });
  }, BROWSER_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, BROWSER_HOOK_TIMEOUT_MS);

  it(
    'says the default relay is unreachable, then signs in (local mode) with the relay URL set',
    async () => {
      options = await openExtensionPage(browser!.context, extensionDir, 'options.html');
      await options.setViewportSize({ width: 820, height: 760 });
      // Nothing listens on the default 127.0.0.1:8787 in tests… unless a developer's relay does.
      await options.fill('[data-testid="relay-url"]', 'http://127.0.0.1:9');
      await options.click('[data-testid="relay-url-save"]');
      await options.waitForFunction(() =>
        /not reachable/.test(document.querySelector('[data-testid="relay-status"]')?.textContent ?? ''),
      );
      await signInOnOptions(options, stack!.relayUrl);
      expect(await options.textContent('[data-testid="relay-status"]')).toMatch(
        /Relay reachable \(local mode\)\. Signed in as Local developer \(developer, partner partner-org-name\)/,
      );
      // Detection rules are validated inline.
      await options.fill('[data-testid="detection-rules"]', '[{"kind":"regex","pattern":"("}]');
      await options.click('[data-testid="options-save"]');
      await options.waitForSelector('[data-testid="detection-rule-errors"]');
      expect(await options.textContent('[data-testid="detection-rule-errors"]')).toMatch(/Rule 1/);
      await options.fill('[data-testid="detection-rules"]', '[]');
      await options.fill('[data-testid="masking-keys"]', 'loyaltyNumber');
      await options.click('[data-testid="options-save"]');
      await options.waitForSelector('text=Saved.');
      await options.screenshot({ path: join(DOCS_IMAGES_DIR, 'options.png') });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'the popup sends createFinancing through the relay and lists it (masked) in its history',
    async () => {
      const popup = await openExtensionPage(browser!.context, extensionDir, 'popup.html');
      await popup.setViewportSize({ width: 560, height: 720 });
      await popup.waitForSelector('[data-testid="popup-body"]');
      expect(await popup.inputValue('[data-testid="popup-operation"]')).toBe('createFinancing');
      await popup.click('[data-testid="popup-send"]');
      await popup.waitForSelector('[data-testid="popup-status"]', { timeout: 15_000 });
      expect(await popup.textContent('[data-testid="popup-status"]')).toBe('201');
      expect(await popup.textContent('[data-testid="popup-response-body"]')).toContain('applicationGUID');
      await popup.waitForSelector('[data-testid="popup-history-item"]');
      expect(await popup.locator('[data-testid="popup-history-item"]').count()).toBe(1);
      expect(await popup.textContent('[data-testid="popup-history-item"]')).toMatch(
        /201\s*POST\s*createFinancing/,
      );
      // Stored history is masked: the example's consumer email never reaches storage.
      const stored = await popup.evaluate<string>(
        "chrome.storage.local.get('workbench.popupHistory').then((v) => JSON.stringify(v))",
      );
      expect(stored).toContain('createFinancing');
      expect(stored).not.toMatch(/"email":"[^"[]+@/);
      await popup.screenshot({ path: join(DOCS_IMAGES_DIR, 'popup.png') });
      await popup.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
