import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  type PanelFrame,
  screenshotDevtools,
} from './harness/index.ts';

const ROW = '[data-testid="exchange-row"]';
const CREATE_PATH = '/poslp/services/avvance-loan/v1/create';
const STATUS_PATH = '/poslp/services/avvance-loan/v1/loan-status';
const F = CHECKOUT_FIXTURE;

/** Runs the fake checkout's Avvance calls in the inspected page; returns their HTTP statuses. */
function runAvvanceCalls(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    (window as unknown as { runAvvanceCalls(): Promise<number[]> }).runAvvanceCalls(),
  );
}

/** Clicks the row for `path` and waits until the detail pane shows it. */
async function openDetail(panel: PanelFrame, path: string): Promise<void> {
  const paths = await panel.texts(`${ROW} [data-col="path"]`);
  const index = paths.indexOf(path);
  expect(index, `row for ${path}`).toBeGreaterThanOrEqual(0);
  await panel.click(`${ROW}[aria-rowindex="${index + 2}"]`);
  await panel.waitFor(
    `document.querySelector('[data-testid="detail-url"]')?.innerText.includes(${JSON.stringify(path)})`,
    { what: `the detail of ${path}` },
  );
}

// The tests share one browser and run in order: backfill → clear → live capture → detail → screenshot.
describe('Avvance DevTools panel in Chromium', () => {
  let server: CheckoutServer | undefined;
  let browser: ExtensionBrowser | undefined;
  let opened: OpenedPanel | undefined;
  let earlyStatuses: number[] = [];

  beforeAll(async () => {
    const extensionDir = await ensureExtensionBuilt();
    server = await startCheckoutServer();
    browser = await launchWithExtension({ extensionDir });
    const page = browser.page;
    // Extension DevTools pages never load while the inspected tab is about:blank.
    await page.goto(`${server.baseUrl}/`);
    opened = await openExtensionPanel(browser.browserSession, {
      title: 'Avvance',
      pagePath: '/devtools-panel.html',
      // DevTools is open and recording, but the panel page does not exist yet.
      beforeShow: async () => {
        earlyStatuses = await runAvvanceCalls(page);
      },
    });
  }, BROWSER_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await opened?.detach().catch(() => undefined);
    await browser?.close();
    await server?.close();
  }, BROWSER_HOOK_TIMEOUT_MS);

  it(
    'picks up the Avvance calls made before the panel was opened',
    async () => {
      const panel = opened!.panel;
      expect(earlyStatuses).toEqual([201, 400]);
      await panel.waitForCount(ROW, 2);
      expect(await panel.texts(`${ROW} [data-col="path"]`)).toEqual([CREATE_PATH, STATUS_PATH]);
      await openDetail(panel, CREATE_PATH);
      expect(await panel.text('[data-testid="request-body"]')).toContain(F.merchantId);
      // getHAR() entries carry getContent() in Chrome, so backfilled calls have their response bodies.
      expect(await panel.text('[data-testid="response-body"]')).toContain(F.applicationGUID);
      expect(await panel.html()).not.toContain(F.email);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'Clear empties the list and says how to get calls',
    async () => {
      const panel = opened!.panel;
      await panel.click('[data-testid="clear"]');
      await panel.waitForSelector('[data-testid="empty-state"]');
      expect(await panel.text('[data-testid="empty-state"]')).toMatch(/Use the page/);
      expect(await panel.text('[data-testid="summary"]')).toBe('0 calls · 0 flows');
      expect(await panel.evaluate('document.querySelector(\'[data-testid="detail"]\')')).toBeNull();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'lists exactly the Avvance calls the page makes live, with method, status and one flow',
    async () => {
      const panel = opened!.panel;
      expect(await runAvvanceCalls(browser!.page)).toEqual([201, 400]);
      await panel.waitForCount(ROW, 2);
      expect(await panel.texts(`${ROW} [data-col="path"]`)).toEqual([CREATE_PATH, STATUS_PATH]);
      expect(await panel.texts(`${ROW} [data-col="method"]`)).toEqual(['POST', 'GET']);
      expect(await panel.texts(`${ROW} [data-col="status"]`)).toEqual(['201', '400']);
      for (const d of await panel.texts(`${ROW} [data-col="duration"]`))
        expect(d).toMatch(/^\d+ ms$|^\d+\.\d\d s$/);

      // The page also fetched /static/app.js: DevTools saw it, the panel must not list it.
      const harUrls = await panel.evaluate<string[]>(
        'chrome.devtools.network.getHAR().then((h) => h.entries.map((e) => e.request.url))',
      );
      expect(harUrls.some((u) => u.includes('/static/app.js?again=1'))).toBe(true);
      expect(await panel.html()).not.toContain('/static/app.js');

      // Both calls belong to one journey (joined by partnerSessionId / applicationGUID).
      const flowIds = await panel.attributes(ROW, 'data-flow-id');
      expect(flowIds[0]).toBeTruthy();
      expect(flowIds[1]).toBe(flowIds[0]);
      const flowLabels = await panel.texts(`${ROW} [data-col="flow"]`);
      expect(flowLabels[0]).toMatch(/^application 7b831e4d/);
      expect(flowLabels[1]).toBe(flowLabels[0]);
      expect(await panel.text('[data-testid="summary"]')).toBe('2 calls · 1 flow');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'shows masked details: consumer PII never reaches the panel, ids and the error envelope do',
    async () => {
      const panel = opened!.panel;
      await openDetail(panel, CREATE_PATH);
      const requestBody = (await panel.text('[data-testid="request-body"]')) ?? '';
      expect(requestBody).toContain(F.merchantId);
      expect(requestBody).toContain('"consumer"');
      expect(await panel.text('[data-testid="masked-count"]')).toMatch(/^[1-9]\d* fields?$/);
      expect(await panel.text('[data-testid="response-body"]')).toContain(F.applicationGUID);
      expect(await panel.text('[data-testid="detail-flow"]')).toMatch(/^application 7b831e4d/);
      const html = await panel.html();
      for (const secret of [F.email, F.mobilePhone, F.lastName]) expect(html).not.toContain(secret);

      await openDetail(panel, STATUS_PATH);
      expect(await panel.text('[data-testid="detail-status"]')).toBe('400');
      const errorBody = (await panel.text('[data-testid="response-body"]')) ?? '';
      expect(errorBody).toContain(F.loanStatusError.code);
      expect(errorBody).toContain(F.loanStatusError.message);
      expect(await panel.text('[data-testid="request-headers"]')).toContain(F.partnerSessionId);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'writes the documentation screenshot (docs/images/devtools-panel.png)',
    async () => {
      const panel = opened!.panel;
      await openDetail(panel, CREATE_PATH);
      expect(await panel.html()).not.toContain(F.email);
      await screenshotDevtools(opened!, join(DOCS_IMAGES_DIR, 'devtools-panel.png'));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
