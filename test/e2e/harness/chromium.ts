import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { findChromium } from './paths.ts';

/** Flags proven in headless Chromium 156 (shared/recipes/devtools-e2e); no network beyond 127.0.0.1. */
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

/** A running Chromium with the extension loaded and DevTools auto-opened for every tab. */
export interface ExtensionBrowser {
  context: BrowserContext;
  /** The first tab: the page under test (DevTools is attached to it). */
  page: Page;
  /** Browser-level CDP session, used to reach DevTools and the panel frame. */
  browserSession: CDPSession;
  /** Closes Chromium and removes its profile directory. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link launchWithExtension}. */
export interface LaunchOptions {
  /** Unpacked extension directory (e.g. `.output/chrome-mv3`). */
  extensionDir: string;
  /** Chromium binary. Defaults to {@link findChromium}. */
  executablePath?: string;
  /**
   * Open DevTools for every tab (`--auto-open-devtools-for-tabs`). Defaults to `true`; with `false`,
   * open it later with `openDevtoolsFor` (e.g. to test what happened before DevTools was opened).
   */
  autoOpenDevtools?: boolean;
}

/**
 * Launches headless Chromium with a fresh profile in a temporary directory, the extension loaded and
 * `--auto-open-devtools-for-tabs`. Always call `close()` (in `afterAll`).
 */
export async function launchWithExtension(options: LaunchOptions): Promise<ExtensionBrowser> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath) {
    throw new Error('Chromium not found: run scripts/setup-system.sh or set CHROMIUM_PATH');
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'avvance-e2e-'));
  let context: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    try {
      await context?.close();
    } finally {
      context = undefined;
      rmSync(userDataDir, { recursive: true, force: true });
    }
  };
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      // Playwright disables extensions by default.
      ignoreDefaultArgs: ['--disable-extensions'],
      viewport: null,
      args: [
        ...CHROMIUM_ARGS,
        `--disable-extensions-except=${options.extensionDir}`,
        `--load-extension=${options.extensionDir}`,
        ...(options.autoOpenDevtools === false ? [] : ['--auto-open-devtools-for-tabs']),
      ],
    });
    const browser = context.browser();
    if (!browser) throw new Error('persistent context has no Browser object');
    const browserSession = await browser.newBrowserCDPSession();
    const page = context.pages()[0] ?? (await context.newPage());
    return { context, page, browserSession, close };
  } catch (e: unknown) {
    await close();
    throw e;
  }
}
