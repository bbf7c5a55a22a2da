import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { build } from '../../relay/src/app.ts';
import { defaultConfig } from '../../relay/src/config/load-config.ts';
import type { RelayConfig } from '../../relay/src/config/types.ts';
import {
  BROWSER_HOOK_TIMEOUT_MS,
  BROWSER_TEST_TIMEOUT_MS,
  DOCS_IMAGES_DIR,
  findChromium,
  freePort,
  REPO_ROOT,
  waitFor,
} from './harness/index.ts';

const ROW = '[data-testid="exchange-row"]';
const EMAIL = 'grace.hopper@example.com';
const PHONE = '9009009000';

async function startRelay(config: RelayConfig): Promise<FastifyInstance> {
  const app = await build({ config });
  await app.listen({ host: '127.0.0.1', port: config.port });
  return app;
}

async function token(relayUrl: string, name: string): Promise<string> {
  const res = await fetch(`${relayUrl}/v1/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Publishes one loan-create exchange into `session` as `name`, over the protocol (like a panel does). */
async function publishAs(relayUrl: string, session: string, name: string, id: string): Promise<void> {
  const t = await token(relayUrl, name);
  const ws = new WebSocket(
    `${relayUrl.replace('http', 'ws')}/v1/sessions/${session}/stream?access_token=${t}`,
  );
  const frames: { type: string; ref?: string }[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const send = (m: object) => ws.send(JSON.stringify({ v: 1, ...m }));
  send({ type: 'hello', id: 'h', token: t, client: { name: 'e2e', version: '1' } });
  await waitFor(() => frames.some((f) => f.type === 'welcome'), { what: 'welcome' });
  send({ type: 'subscribe', id: 's', session });
  await waitFor(() => frames.some((f) => f.type === 'subscribed'), { what: 'subscribed' });
  const url = 'https://sandbox.example/poslp/services/avvance-loan/v1/create';
  send({
    type: 'publish',
    id: 'p',
    session,
    // Claims to be masked but is not: the relay masks again before anyone sees it.
    exchange: {
      id,
      source: 'proxy',
      masked: true,
      request: {
        id,
        timestamp: new Date().toISOString(),
        type: 'request',
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body: { consumer: { email: EMAIL, mobilePhone: PHONE }, amount: 1200.5 },
        partnerId: 'partner-org-name',
        userId: '',
      },
      response: {
        id,
        timestamp: new Date().toISOString(),
        type: 'response',
        method: 'POST',
        url,
        status: 201,
        duration: 80,
        headers: { 'content-type': 'application/json' },
        body: { applicationGUID: '7b831e4d-cfc7-4215-bad4-11a88eff8090' },
      },
      timings: { startedAt: Date.now() },
      requestBodyStatus: 'complete',
      responseBodyStatus: 'complete',
    },
  });
  await waitFor(() => frames.some((f) => f.type === 'ack' && f.ref === 'p'), { what: 'publish ack' });
  ws.close(1000);
}

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('web viewer at the share URL (two browser contexts)', () => {
  let relay: FastifyInstance | undefined;
  let config: RelayConfig;
  let relayUrl = '';
  let shareUrl = '';
  let sessionId = '';
  let browser: Browser | undefined;
  let ada: Page;
  let grace: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await viteBuild({ configFile: join(REPO_ROOT, 'vite.viewer.config.ts'), logLevel: 'error' });
    const port = await freePort();
    relayUrl = `http://127.0.0.1:${port}`;
    // A fixed JWT secret: tokens and the default session's id survive the restart below.
    const base = defaultConfig();
    config = defaultConfig({
      port,
      publicUrl: relayUrl,
      jwt: { ...base.jwt, secret: 'e2e-'.repeat(10) },
      // No load shedding: the browser and the Vite build share this machine (see vitest.config.ts).
      limits: { ...base.limits, maxEventLoopDelayMs: 0 },
    });
    relay = await startRelay(config);
    const t = await token(relayUrl, 'Setup');
    const info = (await (
      await fetch(`${relayUrl}/v1/sessions/default`, { headers: { authorization: `Bearer ${t}` } })
    ).json()) as { id: string; shareUrl: string };
    shareUrl = info.shareUrl;
    sessionId = info.id;
    browser = await chromium.launch({ executablePath: chromiumPath!, headless: true });
    ada = await (await browser.newContext({ viewport: { width: 1280, height: 640 } })).newPage();
    grace = await (await browser.newContext({ viewport: { width: 1280, height: 640 } })).newPage();
    for (const page of [ada, grace]) {
      page.on('pageerror', (e) => pageErrors.push(e.message));
      // Content-Security-Policy refusals (e.g. an inline <style> the page's CSP does not allow). TypeBox
      // probes once whether `new Function` is allowed and falls back to its interpreter when it is not:
      // that expected `eval` refusal is left out.
      await page.addInitScript(() => {
        const w = window as unknown as { cspViolations: string[] };
        w.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          if (e.violatedDirective === 'script-src' && e.blockedURI === 'eval') return;
          w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
        });
      });
    }
  }, BROWSER_HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await relay?.close();
  });

  it(
    'both viewers join from the share URL, see each other, and show a published exchange masked with its sender',
    async () => {
      expect(shareUrl).toBe(`${relayUrl}/s/${sessionId}`);
      await ada.goto(`${shareUrl}?name=Ada`);
      await grace.goto(`${shareUrl}?name=Grace`);
      for (const page of [ada, grace]) {
        await page.waitForSelector('[data-testid="session-state"][data-state="live"]');
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="member"]').length === 2);
      }
      expect(await ada.locator('[data-testid="member"]').allInnerTexts()).toEqual(
        expect.arrayContaining(['Ada', 'Grace']),
      );

      const started = Date.now();
      await publishAs(relayUrl, sessionId, 'Dana', 'ex-1');
      for (const page of [ada, grace]) {
        await page.waitForSelector(`${ROW} [data-testid="sent-by"]`, { timeout: 5000 });
        expect(await page.textContent(`${ROW} [data-testid="sent-by"]`)).toBe('Dana');
      }
      expect(Date.now() - started).toBeLessThan(5000);
      await ada.click(ROW);
      await ada.waitForSelector('[data-testid="detail-url"]');
      // The body viewer (CodeMirror) is styled under a CSP without 'unsafe-inline' styles: its theme's
      // <style> elements carry the page's nonce, and nothing is refused.
      await ada.waitForSelector('.cm-editor');
      expect(await ada.evaluate(() => getComputedStyle(document.querySelector('.cm-editor')!).display)).toBe(
        'flex',
      );
      expect(
        await ada.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
      ).toEqual([]);
      for (const page of [ada, grace]) {
        const html = await page.content();
        expect(html).not.toContain(EMAIL);
        expect(html).not.toContain(PHONE);
      }
      await ada.screenshot({ path: join(DOCS_IMAGES_DIR, 'web-viewer.png') });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'relay stopped mid-session and started again on the same port: viewers reconnect and show the gap',
    async () => {
      await relay!.close();
      relay = undefined;
      for (const page of [ada, grace])
        await page.waitForSelector(
          '[data-testid="session-state"]:is([data-state="reconnecting"],[data-state="connecting"])',
        );
      relay = await startRelay(config);
      for (const page of [ada, grace]) {
        await page.waitForSelector('[data-testid="session-state"][data-state="live"]', { timeout: 20_000 });
        await page.waitForSelector('[data-testid="session-gap"]');
        expect(await page.textContent('[data-testid="session-gap"]')).toMatch(/Relay restarted/);
      }
      await publishAs(relayUrl, sessionId, 'Dana', 'ex-2');
      for (const page of [ada, grace])
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid="exchange-row"]').length === 2,
        );
      expect(pageErrors).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
