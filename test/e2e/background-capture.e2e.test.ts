/**
 * Background capture (issue #6): with the demo store's site opted in, the page script records its
 * Avvance calls while DevTools is closed; when DevTools and the Avvance panel are opened afterwards,
 * the panel lists them, marked "recorded before DevTools opened", with the applicant's PII masked.
 *
 * DevTools is not auto-opened here (`autoOpenDevtools: false`); it is opened with CDP
 * `Target.openDevTools` after the checkout. The site is opted in from the options page ("Add site"),
 * after granting the host on chrome://extensions (headless Chromium cannot answer the permission prompt;
 * see `grantSiteAccess`).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStack, startDemoStack } from './demo/stack.ts';
import {
  BROWSER_HOOK_TIMEOUT_MS,
  DOCS_IMAGES_DIR,
  type ExtensionBrowser,
  ensureExtensionBuilt,
  extensionIdOf,
  grantSiteAccess,
  launchWithExtension,
  type OpenedPanel,
  openDevtoolsFor,
  openExtensionPanel,
  screenshotDevtools,
  waitFor,
} from './harness/index.ts';

const TEST_TIMEOUT_MS = 180_000;
const STEP_TIMEOUT_MS = 30_000;
const ROW = '[data-testid="exchange-row"]';

/** The store's prefilled customer: sent in the checkout's request body, must never reach the panel raw. */
const EMAIL = 'jordan.rivera@example.com';
const PHONE = '9009009000';

describe('background capture: calls made before DevTools opens are shown when it opens', () => {
  let stack: DemoStack | undefined;
  let browser: ExtensionBrowser | undefined;
  let opened: OpenedPanel | undefined;

  beforeAll(async () => {
    const extensionDir = await ensureExtensionBuilt();
    stack = await startDemoStack();
    browser = await launchWithExtension({ extensionDir, autoOpenDevtools: false });
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await opened?.detach().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  }, BROWSER_HOOK_TIMEOUT_MS);

  async function payWithAvvance(page: Page, postalCode: string): Promise<number> {
    await page.fill('#postalCode', postalCode);
    const response = page.waitForResponse((r) => r.url().endsWith('/api/avvance/checkout'));
    await page.click('#pay-avvance');
    return (await response).status();
  }

  it(
    'records the checkout with DevTools closed, then lists it marked and masked',
    async () => {
      const { context, page, browserSession } = browser!;
      const site = stack!.demo.url;
      const id = await extensionIdOf(context);
      await grantSiteAccess(context, id, 'http://127.0.0.1/*');

      // Opt the store in from the options page (a real click: permissions.request needs a user gesture).
      const options = await context.newPage();
      await options.goto(`chrome-extension://${id}/options.html`);
      await options.fill('[data-testid="background-capture-origin"]', site);
      await options.click('[data-testid="background-capture-add"]');
      await options.waitForSelector(`[data-testid="background-capture-site"] >> text=${site}`, {
        timeout: STEP_TIMEOUT_MS,
      });
      // The background registers the page scripts when it sees the list change.
      await waitFor(
        () =>
          options.evaluate(
            `chrome.scripting.getRegisteredContentScripts().then((s) => s.filter((x) => x.id.startsWith('bgc-')).length === 2)`,
          ),
        { what: 'the page scripts to be registered', timeoutMs: STEP_TIMEOUT_MS },
      );
      // Kept open: an extension page to read the background's buffer (storage.session) from.
      const bufferedCalls = (): Promise<number> =>
        options.evaluate(
          `chrome.storage.session.get('bgc:buffers').then((r) => Object.values(r['bgc:buffers'] ?? {}).reduce((n, t) => n + t.calls.length, 0))`,
        );

      // The whole checkout with DevTools closed: product page, checkout, a ZIP typo (400), create (201),
      // and the navigation to the sandbox's hosted application page.
      await page.bringToFront();
      const widget = page.waitForResponse((r) => r.url().endsWith('/api/avvance/price-breakdown'));
      await page.goto(`${site}/demo`);
      expect((await widget).status()).toBe(200);
      const checkoutWidget = page.waitForResponse((r) => r.url().endsWith('/api/avvance/price-breakdown'));
      await page.click('#go-checkout');
      await page.waitForURL(/\/demo\/checkout/);
      expect((await checkoutWidget).status()).toBe(200);
      expect(await page.inputValue('#email')).toBe(EMAIL);
      expect(await payWithAvvance(page, '5540')).toBe(400);
      expect(await payWithAvvance(page, '55401')).toBe(201);
      await page.waitForURL(/\/usl\/avvance-installment-loans\?/, { timeout: STEP_TIMEOUT_MS });
      await page.waitForSelector('#application-form', { timeout: STEP_TIMEOUT_MS });
      const guid = new URL(page.url()).searchParams.get('guid') ?? '';
      expect(guid).not.toBe('');

      // Now DevTools and the panel.
      await openDevtoolsFor(browserSession, page);
      opened = await openExtensionPanel(browserSession, {
        title: 'Avvance',
        pagePath: '/devtools-panel.html',
        timeoutMs: STEP_TIMEOUT_MS,
        // DevTools is open, the panel not yet shown: back to the store, whose widget prices the cart. Both
        // DevTools (getHAR) and the page script see that call; the panel must list it once.
        beforeShow: async () => {
          const again = page.waitForResponse((r) => r.url().endsWith('/api/avvance/price-breakdown'));
          await page.goto(`${site}/demo`);
          expect((await again).status()).toBe(200);
          await waitFor(async () => (await bufferedCalls()) === 5, {
            what: "the widget's call in the background's buffer",
            timeoutMs: STEP_TIMEOUT_MS,
          });
        },
      });
      await options.close();
      const panel = opened.panel;
      await panel.waitForCount(ROW, 5, STEP_TIMEOUT_MS);
      await panel.waitForSelector('[data-testid="recorded-before-count"]', STEP_TIMEOUT_MS);
      await panel.settle();
      const listed = await panel.evaluate<{ id: string; line: string; flow: string; before: boolean }[]>(
        `[...document.querySelectorAll('${ROW}')].map((r) => ({ id: r.dataset.exchangeId,
          line: ['method', 'path', 'status'].map((c) => r.querySelector('[data-col="' + c + '"]').innerText).join(' '),
          flow: r.querySelector('[data-col="flow"]').innerText,
          before: r.querySelector('[data-col="time"]').dataset.beforeDevtools === '1' }))`,
      );
      // The list marks the buffered calls (and only those).
      expect(listed.map((r) => r.before)).toEqual([false, true, true, true, true]);
      // In arrival order: the widget's call from DevTools' backfill first, then the buffer, without the
      // widget's call a second time.
      expect(listed[0]!.line).toBe('POST /api/avvance/price-breakdown 200');
      const rows = listed.slice(1);
      expect(rows.map((r) => r.line)).toEqual([
        'POST /api/avvance/price-breakdown 200',
        'POST /api/avvance/price-breakdown 200',
        'POST /api/avvance/checkout 400',
        'POST /api/avvance/checkout 201',
      ]);
      // create's response body was read in the page before it navigated away: it joins the application.
      expect(rows[3]!.flow).toMatch(new RegExp(`^application ${guid.slice(0, 8)}`));
      expect(await panel.text('[data-testid="recorded-before-count"]')).toBe(
        '4 recorded before DevTools opened',
      );
      expect(
        await panel.evaluate<boolean>(
          'document.querySelector(\'[data-testid="background-capture"]\').checked',
        ),
      ).toBe(true); // the inspected page is the store again: its site is opted in

      // The call DevTools saw is not marked (it has an original to reveal).
      await panel.click(`${ROW}[data-exchange-id="${listed[0]!.id}"]`);
      await panel.waitFor(
        `document.querySelector('${ROW}[aria-selected="true"]')?.dataset.exchangeId === ${JSON.stringify(listed[0]!.id)}`,
        { what: "the widget call's detail", timeoutMs: STEP_TIMEOUT_MS },
      );
      await panel.settle();
      expect(
        await panel.evaluate('document.querySelector(\'[data-testid="recorded-before-devtools"]\') === null'),
      ).toBe(true);
      expect(await panel.evaluate('document.querySelector(\'[data-testid="reveal"]\').disabled')).toBe(false);

      for (const row of rows) {
        await panel.click(`${ROW}[data-exchange-id="${row.id}"]`);
        await panel.waitForSelector('[data-testid="recorded-before-devtools"]', STEP_TIMEOUT_MS);
        await panel.settle();
        const html = await panel.html();
        expect(html).not.toContain(EMAIL);
        expect(html).not.toContain(PHONE);
      }
      // The detail of create: masked request body (email token), the marker and why it cannot be revealed.
      await panel.click(`${ROW}[data-exchange-id="${rows[3]!.id}"]`);
      await panel.waitFor(
        `document.querySelector('[data-testid="detail-status"]')?.innerText === '201' &&
         document.querySelector('[data-testid="request-body"] .cm-maskToken') !== null`,
        { what: 'the create call detail with masked tokens', timeoutMs: STEP_TIMEOUT_MS },
      );
      expect(await panel.text('[data-testid="recorded-before-note"]')).toMatch(/no original to reveal/);
      // Nothing to reveal or copy unmasked: both toggles are off and disabled.
      expect(
        await panel.evaluate(
          `['reveal', 'copy-unmasked'].map((id) => { const i = document.querySelector('[data-testid="' + id + '"]'); return i.disabled && !i.checked; })`,
        ),
      ).toEqual([true, true]);
      const bodyText = await panel.text('[data-testid="request-body"]');
      expect(bodyText).toMatch(/‹email#[0-9a-f]{6}›/);
      expect(await panel.text('[data-testid="response-body"]')).toContain(guid);
      await screenshotDevtools(opened, join(DOCS_IMAGES_DIR, 'panel-background-capture.png'));
    },
    TEST_TIMEOUT_MS,
  );
});
