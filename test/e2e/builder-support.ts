import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { waitFor } from './harness/index.ts';

/** Chrome's id for an unpacked extension: SHA-256 of its absolute path, first 32 hex digits mapped to a–p. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

/** Opens an extension page (`options.html`, `popup.html`) as a normal tab. */
export async function openExtensionPage(
  context: BrowserContext,
  extensionDir: string,
  page: string,
): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`chrome-extension://${unpackedExtensionId(extensionDir)}/${page}`);
  return tab;
}

/** Signs in on the options page (local mode) against `relayUrl`; resolves once the status line says so. */
export async function signInOnOptions(options: Page, relayUrl: string): Promise<void> {
  await options.waitForSelector('[data-testid="relay-url"]');
  await waitFor(
    () =>
      options.evaluate(
        () => document.querySelector('[data-testid="relay-status"]')?.textContent !== 'Checking the relay…',
      ),
    {
      what: 'the first relay check',
    },
  );
  await options.fill('[data-testid="relay-url"]', relayUrl);
  await options.click('[data-testid="sign-in"]');
  await options.waitForFunction(
    () => /Signed in as/.test(document.querySelector('[data-testid="relay-status"]')?.textContent ?? ''),
    undefined,
    { timeout: 15_000 },
  );
}
