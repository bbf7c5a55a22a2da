import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStack, startDemoStack } from './demo/stack.ts';
import { findChromium } from './harness/paths.ts';
import { BROWSER_HOOK_TIMEOUT_MS, BROWSER_TEST_TIMEOUT_MS } from './harness/timeouts.ts';
import { waitFor } from './harness/wait.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SCREENSHOT = join(ROOT, 'docs', 'images', 'demo-order-approved.png');

/** Chromium flags (shared/recipes/devtools-e2e): no network beyond 127.0.0.1, no background services. */
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Stable selectors of the sandbox's hosted application page (relay/src/sandbox/hosted-page.ts, docs/sandbox.md). */
const HOSTED = {
  form: '#application-form',
  ssn: '#ssn',
  dob: '#dob',
  income: '#income',
  routingNumber: '#routingNumber',
  accountNumber: '#accountNumber',
  consent: '#esign',
  submit: '#submit',
  result: '#result',
  returnLink: 'a#returnLink',
} as const;

interface WebhookLogEntry {
  authOk: boolean;
  httpStatus: number;
  status?: string;
  partnerSessionId?: string;
  applicationGUID?: string;
}

describe('demo checkout in real Chromium (relay + sandbox + demo store on 127.0.0.1)', () => {
  let stack: DemoStack;
  let browser: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    const executablePath = findChromium();
    if (!executablePath)
      throw new Error('Chromium not found: run scripts/setup-system.sh or set CHROMIUM_PATH');
    stack = await startDemoStack();
    userDataDir = mkdtempSync(join(tmpdir(), 'avvance-demo-e2e-'));
    // A fresh profile in the temp directory (Playwright passes it as --user-data-dir), removed afterwards.
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1200, height: 900 },
    });
  }, BROWSER_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  }, BROWSER_HOOK_TIMEOUT_MS);

  async function webhookLog(): Promise<WebhookLogEntry[]> {
    const res = await fetch(`${stack.demo.url}/api/avvance/webhooks/log`);
    return ((await res.json()) as { webhooks: WebhookLogEntry[] }).webhooks;
  }

  /** Product page → checkout → hosted page; returns the order id (partnerSessionId). */
  async function startCheckout(page: Page, mobilePhone = '9009009000'): Promise<string> {
    await page.goto(`${stack.demo.url}/demo`);
    // The widget's price-breakdown went through the demo backend to Avvance.
    await expect.poll(() => page.locator('#as-low-as').textContent(), { timeout: 30_000 }).toMatch(/^\$\d/);
    await page.click('#go-checkout');
    await page.waitForURL(/\/demo\/checkout/);
    await page.fill('#mobilePhone', mobilePhone);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/avvance/checkout'));
    await page.click('#pay-avvance');
    expect((await created).status()).toBe(201);
    // The browser went on to the hosted application page (the response body is gone with the navigation).
    await page.waitForURL(/\/usl\/avvance-installment-loans\?/);
    const guid = new URL(page.url()).searchParams.get('guid') ?? '';
    const orderId = stack.demo.orders.findByGuid(guid)?.partnerSessionId;
    if (!orderId) throw new Error(`the demo store has no order for application ${guid}`);
    return orderId;
  }

  /**
   * Fills the hosted application with a persona (name, email, phone and address come prefilled from the
   * create call), submits it and waits for the outcome; returns `data-status` / `data-final-status`.
   */
  async function submitApplication(page: Page, ssnLast4: string): Promise<{ status: string; final: string }> {
    await page.waitForSelector(HOSTED.form);
    expect(await page.inputValue('#mobilePhone')).toBe('9009009000');
    await page.fill(HOSTED.ssn, `666-12-${ssnLast4}`);
    await page.fill(HOSTED.dob, '1985-04-12');
    await page.fill(HOSTED.income, '85000');
    await page.fill(HOSTED.routingNumber, '110000000');
    await page.fill(HOSTED.accountNumber, '1234567890123');
    await page.check(HOSTED.consent);
    await page.click(HOSTED.submit);
    const result = await page.waitForSelector(`${HOSTED.result}[data-status]`, { timeout: 30_000 });
    return {
      status: (await result.getAttribute('data-status')) ?? '',
      final: (await result.getAttribute('data-final-status')) ?? '',
    };
  }

  /** "Return to merchant" → the store's order page. */
  async function returnToStore(page: Page, orderId: string): Promise<void> {
    await page.click(HOSTED.returnLink);
    await page.waitForURL(new RegExp(`/demo/orders/${orderId}`));
  }

  async function orderStatus(page: Page): Promise<string> {
    return ((await page.textContent('#order-status')) ?? '').trim();
  }

  async function webhooksFor(orderId: string, statuses: string[]): Promise<WebhookLogEntry[]> {
    return waitFor(
      async () => {
        const mine = (await webhookLog()).filter((w) => w.partnerSessionId === orderId);
        const got = new Set(mine.map((w) => w.status));
        return statuses.every((s) => got.has(s)) ? mine : undefined;
      },
      { what: `webhooks ${statuses.join(', ')} for order ${orderId}`, timeoutMs: 30_000 },
    );
  }

  it(
    'approve persona (9009009000, SSN …0000): approved → accepted → Authorized, webhooks authenticated',
    async () => {
      const page = await browser.newPage();
      try {
        const orderId = await startCheckout(page);
        // The hosted page accepts an approval itself (offer + e-sign) → authorized.
        expect(await submitApplication(page, '0000')).toEqual({
          status: 'APPLICATION_APPROVED',
          final: 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
        });
        await returnToStore(page, orderId);
        await expect.poll(() => orderStatus(page), { timeout: 30_000 }).toBe('Authorized');
        const hooks = await webhooksFor(orderId, [
          'APPLICATION_APPROVED',
          'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
        ]);
        expect(hooks.every((w) => w.authOk && w.httpStatus === 200)).toBe(true);
        // The order page lists them with a ✓.
        await expect
          .poll(
            () => page.locator('#webhooks li[data-status="INVOICE_PAYMENT_TRANSACTION_AUTHORIZED"]').count(),
            {
              timeout: 15_000,
            },
          )
          .toBeGreaterThan(0);
        expect(await page.locator('#webhooks li[data-auth="failed"]').count()).toBe(0);
        expect(await page.isEnabled('#void-btn')).toBe(true);
        mkdirSync(dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
      } finally {
        await page.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'decline persona (SSN …3333): order page shows Declined and offers another payment method',
    async () => {
      const page = await browser.newPage();
      try {
        const orderId = await startCheckout(page);
        expect((await submitApplication(page, '3333')).status).toBe(
          'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
        );
        await returnToStore(page, orderId);
        await expect.poll(() => orderStatus(page), { timeout: 30_000 }).toBe('Declined');
        expect(await page.isVisible('#pay-another-way')).toBe(true);
        const hooks = await webhooksFor(orderId, ['APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT']);
        expect(hooks.every((w) => w.authOk)).toBe(true);
      } finally {
        await page.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'pending persona (SSN …1111): order page shows Pending customer action',
    async () => {
      const page = await browser.newPage();
      try {
        const orderId = await startCheckout(page);
        expect((await submitApplication(page, '1111')).status).toBe(
          'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION',
        );
        await returnToStore(page, orderId);
        await expect.poll(() => orderStatus(page), { timeout: 30_000 }).toBe('Pending customer action');
        const hooks = await webhooksFor(orderId, ['APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION']);
        expect(hooks.every((w) => w.authOk)).toBe(true);
        expect(await page.isVisible('#pay-another-way')).toBe(false);
      } finally {
        await page.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
