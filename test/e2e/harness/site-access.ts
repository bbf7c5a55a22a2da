import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { waitFor } from './wait.ts';

/** The loaded extension's id, from its background service worker's URL. */
export async function extensionIdOf(context: BrowserContext, timeoutMs = 30_000): Promise<string> {
  const worker = await waitFor(
    () => context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')),
    { what: "the extension's service worker", timeoutMs },
  );
  return new URL(worker.url()).host;
}

/**
 * Grants the extension access to `pattern` (e.g. `http://127.0.0.1/*`) the way a user does on
 * chrome://extensions ("Site access → On specific sites → Add"): `chrome.developerPrivate.addHostPermission`,
 * which the chrome://extensions page may call. Headless Chromium cannot show the `permissions.request`
 * prompt, and an unanswered prompt never resolves; once the site is granted here, the extension's own
 * `permissions.request` for it resolves `true` without a prompt — the extension code path stays real.
 */
export async function grantSiteAccess(
  context: BrowserContext,
  extensionId: string,
  pattern: string,
): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://extensions/');
    await page.evaluate(
      ([id, host]) =>
        (
          globalThis as unknown as {
            chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };
          }
        ).chrome.developerPrivate.addHostPermission(id, host),
      [extensionId, pattern] as const,
    );
  } finally {
    await page.close();
  }
}

/**
 * Opens DevTools for `page` (when the browser was launched with `autoOpenDevtools: false`), through the
 * browser-level CDP `Target.openDevTools` (Chromium ≥ 128).
 */
export async function openDevtoolsFor(browserSession: CDPSession, page: Page): Promise<void> {
  const { targetInfos } = await browserSession.send('Target.getTargets');
  const url = page.url();
  const target = targetInfos.find((t) => t.type === 'page' && t.url === url);
  if (!target) throw new Error(`no page target for ${url}`);
  await browserSession.send('Target.openDevTools' as never, { targetId: target.targetId } as never);
}
