import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  waitFor,
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

/** Types `text` into the filter box (sets the value and fires `input`, as typing does). */
async function setFilter(panel: PanelFrame, text: string): Promise<void> {
  await panel.evaluate(
    `(() => { const i = document.querySelector('[data-testid="filter"]'); i.value = ${JSON.stringify(text)}; i.dispatchEvent(new Event('input', { bubbles: true })); return true; })()`,
  );
}

/** Dispatches a keydown of `key` on the first element matching `selector` (default: the focused element). */
async function pressKey(panel: PanelFrame, key: string, selector?: string): Promise<void> {
  const target = selector ? `document.querySelector(${JSON.stringify(selector)})` : 'document.activeElement';
  await panel.evaluate(
    `(() => { const t = ${target} ?? document.body; t.dispatchEvent(new KeyboardEvent('keydown', { key: ${JSON.stringify(key)}, bubbles: true, cancelable: true })); return true; })()`,
  );
}

/** Clicks a checkbox (toggle) by test id. */
function toggle(panel: PanelFrame, testId: string): Promise<void> {
  return panel.click(`[data-testid="${testId}"]`);
}

/** Sets the file of the `<input type=file>` matching `selector` through CDP (as a user picking a file). */
async function chooseFile(panel: PanelFrame, selector: string, file: string): Promise<void> {
  const { root } = await panel.session.send<{ root: { nodeId: number } }>('DOM.getDocument', { depth: 0 });
  const { nodeId } = await panel.session.send<{ nodeId: number }>('DOM.querySelector', {
    nodeId: root.nodeId,
    selector,
  });
  await panel.session.send('DOM.setFileInputFiles', { files: [file], nodeId });
}

// The tests share one browser and run in order: backfill → clear → live capture → detail → screenshot.
describe('Avvance DevTools panel in Chromium', () => {
  let server: CheckoutServer | undefined;
  let browser: ExtensionBrowser | undefined;
  let opened: OpenedPanel | undefined;
  let earlyStatuses: number[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'avvance-panel-e2e-'));

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
    rmSync(tmp, { recursive: true, force: true });
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

  it(
    'filters with the shared language: count, method:POST, status:4xx, inline error, / and Esc, ↑/↓',
    async () => {
      const panel = opened!.panel;
      await panel.waitForCount(ROW, 2);
      expect(await panel.text('[data-testid="result-count"]')).toBe('2 / 2');

      await setFilter(panel, 'method:POST');
      await panel.waitForCount(ROW, 1);
      expect(await panel.texts(`${ROW} [data-col="path"]`)).toEqual([CREATE_PATH]);
      expect(await panel.text('[data-testid="result-count"]')).toBe('1 / 2');

      await setFilter(panel, 'status:4xx');
      await panel.waitFor(
        `document.querySelector('${ROW} [data-col="path"]')?.innerText === ${JSON.stringify(STATUS_PATH)}`,
        { what: 'the loan-status row alone' },
      );
      expect(await panel.texts(`${ROW} [data-col="status"]`)).toEqual(['400']);
      await openDetail(panel, STATUS_PATH);
      await screenshotDevtools(opened!, join(DOCS_IMAGES_DIR, 'panel-list.png'));

      await setFilter(panel, 'status:abc');
      await panel.waitForSelector('[data-testid="filter-error"]');
      expect(await panel.text('[data-testid="filter-error"]')).toMatch(/^col 8: /);
      expect(await panel.text('[data-testid="filter-error-range"]')).toBe('abc');
      expect(await panel.attributes('[data-testid="filter"]', 'aria-invalid')).toEqual(['true']);

      // Esc clears the filter; `/` focuses it from the list.
      await pressKey(panel, 'Escape', '[data-testid="filter"]');
      await panel.waitForCount(ROW, 2);
      expect(await panel.evaluate('document.querySelector(\'[data-testid="filter-error"]\')')).toBeNull();
      await pressKey(panel, '/', '[data-testid="exchange-grid"]');
      expect(await panel.evaluate('document.activeElement?.dataset.testid')).toBe('filter');

      // ↑/↓ in the grid move the selection.
      await openDetail(panel, CREATE_PATH);
      await pressKey(panel, 'ArrowDown', '[data-testid="exchange-grid"]');
      await panel.waitFor(
        `document.querySelector('[data-testid="detail-url"]')?.innerText.includes(${JSON.stringify(STATUS_PATH)})`,
        { what: 'ArrowDown to select loan-status' },
      );
      await pressKey(panel, 'ArrowUp', '[data-testid="exchange-grid"]');
      await panel.waitFor(
        `document.querySelector('[data-testid="detail-url"]')?.innerText.includes(${JSON.stringify(CREATE_PATH)})`,
        { what: 'ArrowUp to select create' },
      );
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'shows bodies in CodeMirror with mask tokens highlighted; reveal shows the original only while on',
    async () => {
      const panel = opened!.panel;
      await openDetail(panel, CREATE_PATH);
      await panel.waitForSelector('[data-testid="request-body"] .cm-editor .cm-maskToken');
      const tokens = await panel.texts('[data-testid="request-body"] .cm-maskToken');
      expect(tokens.some((t) => /^‹email#[0-9a-f]{6}›$/.test(t))).toBe(true);
      expect(await panel.evaluate('document.querySelectorAll(".cm-editor").length')).toBe(2);
      for (const secret of [F.email, F.mobilePhone, F.lastName])
        expect(await panel.html()).not.toContain(secret);
      expect(await panel.text('[data-testid="spec-summary"]')).toMatch(/createFinancing/);

      await panel.click('[data-testid="copy-curl"]');
      await panel.waitFor(
        'document.querySelector(\'[data-testid="copied"]\')?.innerText.startsWith("Copied cURL")',
        {
          what: 'the Copied confirmation',
        },
      );
      await screenshotDevtools(opened!, join(DOCS_IMAGES_DIR, 'panel-detail.png'));

      await toggle(panel, 'reveal');
      await panel.waitForSelector('[data-testid="revealed-badge"]');
      expect(await panel.text('[data-testid="revealed-badge"]')).toBe('revealed — local only');
      await panel.waitFor(
        `document.querySelector('[data-testid="request-body"]')?.innerText.includes(${JSON.stringify(F.email)})`,
        { what: 'the revealed email' },
      );
      await toggle(panel, 'reveal');
      await panel.waitFor('document.querySelector(\'[data-testid="revealed-badge"]\') === null', {
        what: 'reveal off',
      });
      expect(await panel.html()).not.toContain(F.email);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'explains the loan-status error and aggregates it in the Errors tab',
    async () => {
      const panel = opened!.panel;
      await openDetail(panel, STATUS_PATH);
      expect(await panel.text('[data-testid="error-insight"]')).toContain(F.loanStatusError.code);
      expect(await panel.text('[data-testid="error-insight"]')).toMatch(
        /INVOICE_PAYMENT_TRANSACTION_AUTHORIZED/,
      );
      await panel.click('[data-testid="tab-errors"]');
      await panel.waitForCount('[data-testid="error-row"]', 1);
      expect(await panel.text('[data-testid="error-row"] [data-col="code"]')).toBe(F.loanStatusError.code);
      expect(await panel.text('[data-testid="error-row"] [data-col="count"]')).toBe('1');
      expect(await panel.text('[data-testid="error-row"] [data-col="endpoint"]')).toContain('loan-status');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'shows one journey with its state, state machine and timeline',
    async () => {
      const panel = opened!.panel;
      await panel.click('[data-testid="tab-journeys"]');
      await panel.waitForCount('[data-testid="journey-row"]', 1);
      expect(await panel.text('[data-testid="journey-row"] [data-col="label"]')).toMatch(
        /^application 7b831e4d/,
      );
      expect(await panel.text('[data-testid="journey-row"] [data-col="count"]')).toBe('2');
      expect(await panel.text('[data-testid="journey-row"] [data-col="state"]')).toBe('Created');
      expect(await panel.text('.state--current')).toBe('Created');
      expect(await panel.texts('[data-testid="timeline"] .source-badge')).toEqual(['page', 'page']);
      await screenshotDevtools(opened!, join(DOCS_IMAGES_DIR, 'panel-journeys.png'));
      await panel.click('[data-testid="tab-calls"]');
      await panel.waitForCount(ROW, 2);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'exports the listed calls as masked HAR 1.2 and imports a HAR file',
    async () => {
      const panel = opened!.panel;
      const downloads = join(tmp, 'downloads');
      await browser!.browserSession.send('Browser.setDownloadBehavior', {
        behavior: 'allow',
        downloadPath: downloads,
      });
      await panel.click('[data-testid="export-har"]');
      const file = await waitForHar(downloads);
      const text = readFileSync(join(downloads, file), 'utf8');
      const har = JSON.parse(text) as { log: { version: string; entries: { request: { url: string } }[] } };
      expect(har.log.version).toBe('1.2');
      expect(har.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual([CREATE_PATH, STATUS_PATH]);
      for (const secret of [F.email, F.mobilePhone, F.lastName]) expect(text).not.toContain(secret);
      expect(text).toContain(F.merchantId);

      const harFile = join(tmp, 'checkout.har');
      writeFileSync(harFile, text);
      await chooseFile(panel, '[data-testid="import-har"]', harFile);
      await panel.waitForSelector('[data-testid="imported"]');
      expect(await panel.text('[data-testid="imported"]')).toMatch(/^Imported: checkout\.har/);
      await panel.waitForCount(ROW, 2);

      const badFile = join(tmp, 'bad.har');
      writeFileSync(badFile, '{"not":"a har"}');
      await chooseFile(panel, '[data-testid="import-har"]', badFile);
      await panel.waitForSelector('[data-testid="import-error"]');
      expect(await panel.text('[data-testid="import-error"]')).toMatch(/^bad\.har: not a HAR/);

      await panel.click('[data-testid="imported"] button');
      await panel.waitForSelector('[data-testid="empty-state"]');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'pause, all traffic and preserve log',
    async () => {
      const panel = opened!.panel;
      const page = browser!.page;
      await toggle(panel, 'pause');
      await runAvvanceCalls(page);
      await toggle(panel, 'pause');
      await toggle(panel, 'all-traffic');
      await runAvvanceCalls(page);
      // Two Avvance calls and the non-Avvance /static/app.js?again=1, without bodies.
      await panel.waitForCount(ROW, 3).catch(async (e) => {
        throw new Error(`${e}: ${(await panel.texts(`${ROW} [data-col="path"]`)).join()}`);
      });
      // Arrival order: the body-less record of app.js can overtake the Avvance calls' body reads.
      expect((await panel.texts(`${ROW} [data-col="path"]`)).sort()).toEqual(
        ['/static/app.js?again=1', CREATE_PATH, STATUS_PATH].sort(),
      );
      await toggle(panel, 'all-traffic');
      await panel.waitForCount(ROW, 2);

      await toggle(panel, 'preserve-log');
      await page.reload();
      await runAvvanceCalls(page);
      await panel.waitForCount(ROW, 4);
      await toggle(panel, 'preserve-log');
      await page.reload();
      await panel.waitForSelector('[data-testid="empty-state"]');
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

/** Waits for a finished `.har` download in `dir` and returns its name. */
function waitForHar(dir: string): Promise<string> {
  return waitFor(() => (existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.har')) : undefined), {
    what: `a .har download in ${dir}`,
  });
}
