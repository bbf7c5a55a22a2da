import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExtensionPage, signInOnOptions } from './builder-support.ts';
import { type DemoStack, startDemoStack } from './demo/stack.ts';
import { CHECKOUT_FIXTURE, type CheckoutServer, startCheckoutServer } from './fixtures/checkout-server.ts';
import {
  BROWSER_HOOK_TIMEOUT_MS,
  BROWSER_TEST_TIMEOUT_MS,
  DOCS_IMAGES_DIR,
  type ExtensionBrowser,
  ensureExtensionBuilt,
  launchWithExtension,
  type OpenedPanel,
  openExtensionPanel,
  screenshotDevtools,
} from './harness/index.ts';

const ROW = '[data-testid="exchange-row"]';
const CREATE_PATH = '/poslp/services/avvance-loan/v1/create';

function runAvvanceCalls(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    (window as unknown as { runAvvanceCalls(): Promise<number[]> }).runAvvanceCalls(),
  );
}

describe('request builder and edit & replay in the DevTools panel, through a real relay', () => {
  let stack: DemoStack | undefined;
  let server: CheckoutServer | undefined;
  let browser: ExtensionBrowser | undefined;
  let opened: OpenedPanel | undefined;

  beforeAll(async () => {
    const extensionDir = await ensureExtensionBuilt();
    stack = await startDemoStack();
    server = await startCheckoutServer();
    browser = await launchWithExtension({ extensionDir });
    const options = await openExtensionPage(browser.context, extensionDir, 'options.html');
    await signInOnOptions(options, stack.relayUrl);
    await options.close();
    await browser.page.goto(`${server.baseUrl}/`);
    opened = await openExtensionPanel(browser.browserSession, {
      title: 'Avvance',
      pagePath: '/devtools-panel.html',
    });
  }, BROWSER_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await opened?.detach().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await stack?.close();
  }, BROWSER_HOOK_TIMEOUT_MS);

  it(
    'sends createFinancing with the example body through the relay and shows 201',
    async () => {
      const panel = opened!.panel;
      await panel.click('[data-testid="tab-builder"]');
      await panel.waitForSelector('[data-testid="builder-empty"]');
      // Replay-blocked endpoints are marked in the sidebar.
      expect(await panel.attributes('[data-testid="builder-op"][data-blocked]', 'data-operation-id')).toEqual(
        expect.arrayContaining(['voidTransaction', 'refundTransaction', 'getToken']),
      );
      await panel.click('[data-operation-id="createFinancing"]');
      await panel.waitForSelector('[data-testid="builder-body"] .cm-content');
      expect(await panel.text('[data-testid="builder-body"]')).toContain('invoiceAmount');
      expect(
        await panel.evaluate('document.querySelector(\'input[data-name="Correlation-ID"]\').value'),
      ).toMatch(/^[0-9a-f-]{36}$/);
      await panel.click('[data-testid="builder-send"]');
      await panel.waitForSelector('[data-testid="replay-response-status"]', 20_000);
      expect(await panel.text('[data-testid="replay-response-status"]')).toBe('201');
      expect(await panel.text('[data-testid="replay-response-body"]')).toContain('applicationGUID');
      expect(await panel.text('[data-testid="replay-response-time"]')).toMatch(/\d+ ms|\d\.\d\d s/);
      await screenshotDevtools(opened!, join(DOCS_IMAGES_DIR, 'builder.png'), { width: 1280, height: 800 });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'edit & replay of a captured create shows the original and the replay side by side with a diff',
    async () => {
      const panel = opened!.panel;
      expect(await runAvvanceCalls(browser!.page)).toEqual([201, 400]);
      await panel.click('[data-testid="tab-calls"]');
      await panel.waitForCount(ROW, 2);
      const paths = await panel.texts(`${ROW} [data-col="path"]`);
      await panel.click(`${ROW}[aria-rowindex="${paths.indexOf(CREATE_PATH) + 2}"]`);
      await panel.waitForSelector('[data-testid="edit-replay"]');
      await panel.click('[data-testid="edit-replay"]');
      await panel.waitForSelector('[data-testid="builder-replay-of"]');
      // Credentials never reach the draft; the original body does (local only).
      expect(await panel.text('[data-testid="builder-headers"]')).not.toMatch(/authorization|cookie/i);
      expect(await panel.text('[data-testid="builder-replay-of"]')).toContain('original body');
      await panel.click('[data-testid="builder-send"]');
      await panel.waitForSelector('[data-testid="replay-diff"]', 20_000);
      await panel.waitForSelector('[data-testid="original-response"]');
      expect(await panel.text('[data-testid="original-response-status"]')).toBe('201');
      expect(await panel.text('[data-testid="replay-response-status"]')).toMatch(/^\d{3}$/);
      expect(await panel.text('[data-testid="replay-of"]')).toContain('Replay of call');
      expect(await panel.text('[data-testid="replay-diff"]')).toMatch(/body \/|status|Same response/);
      // The editable body is the original (the developer's own data, local only); the responses and the
      // diff are masked.
      expect(await panel.text('[data-testid="builder-body"]')).toContain(CHECKOUT_FIXTURE.email);
      const shown = await panel.evaluate<string>(
        'document.querySelector(\'[data-testid="builder-response"]\').outerHTML',
      );
      expect(shown).not.toContain(CHECKOUT_FIXTURE.email);
      await panel.evaluate('document.querySelector(\'[data-testid="replay-of"]\').scrollIntoView() ?? true');
      await screenshotDevtools(opened!, join(DOCS_IMAGES_DIR, 'replay-diff.png'), {
        width: 1280,
        height: 800,
      });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    "a replay-blocked endpoint (void) shows the relay's explanation",
    async () => {
      const panel = opened!.panel;
      await panel.click('[data-operation-id="voidTransaction"]');
      await panel.waitForSelector('[data-testid="builder-blocked-note"]');
      await panel.click('[data-testid="builder-send"]');
      await panel.waitForSelector('[data-testid="relay-error"][data-kind="blocked"]', 20_000);
      expect(await panel.text('[data-testid="relay-error-code"]')).toBe('RELAY_ERR_REPLAY_BLOCKED');
      expect(await panel.text('[data-testid="relay-error-message"]')).toMatch(/void/i);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
