import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { attachToTarget, type TargetSession } from './cdp-target.ts';
import { waitFor } from './wait.ts';

/** DevTools' own ES module that exposes InspectorView and DockController (Chromium ≥ 120). */
const LEGACY_UI_MODULE = 'devtools://devtools/bundled/ui/legacy/legacy.js';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

async function listTargets(browserSession: CDPSession): Promise<TargetInfo[]> {
  return (await browserSession.send('Target.getTargets')).targetInfos;
}

/** DevTools with the extension panel selected. */
export interface OpenedPanel {
  /** The DevTools frontend (`devtools://devtools/bundled/devtools_app.html`). */
  devtools: TargetSession;
  /** The extension panel frame. */
  panel: PanelFrame;
  /** Detaches both sessions. */
  detach(): Promise<void>;
}

/** Options of {@link openExtensionPanel}. */
export interface OpenPanelOptions {
  /** Panel title given to `devtools.panels.create`. */
  title: string;
  /** Path of the panel page inside the extension, e.g. `/devtools-panel.html`. */
  pagePath: string;
  /** Per-step timeout in milliseconds. Defaults to 30_000 (DevTools boots slowly on a loaded 2-core box). */
  timeoutMs?: number;
  /**
   * Runs once DevTools has booted and the extension registered its panel, before the panel is shown
   * (its page does not exist yet): e.g. to make calls that the panel must pick up from the network log.
   */
  beforeShow?: () => Promise<void>;
}

/**
 * Finds the auto-opened DevTools window, waits until the extension registered its panel, selects it,
 * and attaches to the panel frame. The inspected tab must already show an http(s) page: extension
 * DevTools pages never load while it is `about:blank`.
 */
export async function openExtensionPanel(
  browserSession: CDPSession,
  options: OpenPanelOptions,
): Promise<OpenedPanel> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dtInfo = await waitFor(
    async () => (await listTargets(browserSession)).find((t) => t.url.startsWith('devtools://devtools/')),
    { timeoutMs, what: 'the DevTools frontend target' },
  );
  const devtools = await attachToTarget(browserSession, dtInfo.targetId);
  // Poll the legacy `UI.panels` map (side-effect free): calling InspectorView.instance() before
  // DevTools has booted throws "Unable to create settings".
  const panelId = await waitFor(
    () =>
      devtools.evaluate<string | null>(
        `Object.keys(globalThis.UI?.panels ?? {}).find((k) => k.startsWith('chrome-extension://') && k.endsWith(${JSON.stringify(options.title)})) ?? null`,
      ),
    { timeoutMs, what: `the "${options.title}" panel to be registered` },
  );
  await options.beforeShow?.();
  await devtools.evaluate(
    `import(${JSON.stringify(LEGACY_UI_MODULE)}).then((L) => L.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)})).then(() => true)`,
  );
  const panelInfo = await waitFor(
    async () =>
      (await listTargets(browserSession)).find(
        (t) =>
          t.type === 'iframe' && t.url.startsWith('chrome-extension://') && t.url.endsWith(options.pagePath),
      ),
    { timeoutMs, what: `the ${options.pagePath} frame` },
  );
  const panel = new PanelFrame(await attachToTarget(browserSession, panelInfo.targetId));
  await panel.waitFor('document.readyState === "complete"', { what: 'the panel page to load', timeoutMs });
  return {
    devtools,
    panel,
    async detach() {
      await panel.session.detach();
      await devtools.detach();
    },
  };
}

/** DOM helpers for the extension panel frame. Everything polls with a timeout; nothing sleeps. */
export class PanelFrame {
  constructor(readonly session: TargetSession) {}

  /** Evaluates an expression in the panel page. */
  evaluate<T = unknown>(expression: string): Promise<T> {
    return this.session.evaluate<T>(expression);
  }

  /** Waits until `expression` (evaluated in the panel) is truthy and returns its value. */
  waitFor<T = unknown>(
    expression: string,
    opts: { what: string; timeoutMs?: number },
  ): Promise<NonNullable<T>> {
    return waitFor(() => this.evaluate<T>(expression), opts);
  }

  /** Waits until `selector` matches an element. */
  async waitForSelector(selector: string, timeoutMs = 10_000): Promise<void> {
    await this.waitFor(`document.querySelector(${JSON.stringify(selector)}) !== null`, {
      what: `selector ${selector}`,
      timeoutMs,
    });
  }

  /** Waits until exactly `count` elements match `selector`. */
  async waitForCount(selector: string, count: number, timeoutMs = 10_000): Promise<void> {
    await this.waitFor(`document.querySelectorAll(${JSON.stringify(selector)}).length === ${count}`, {
      what: `${count} × ${selector}`,
      timeoutMs,
    });
  }

  /** Clicks the first element matching `selector` (fails if there is none). */
  async click(selector: string): Promise<void> {
    const clicked = await this.evaluate<boolean>(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return false; el.click(); return true; })()`,
    );
    if (!clicked) throw new Error(`nothing to click: ${selector}`);
  }

  /**
   * Clicks the first element matching `selector` inside a user gesture (CDP `userGesture: true`), for
   * controls that call gesture-gated APIs such as `permissions.request`.
   */
  async clickAsUser(selector: string): Promise<void> {
    const r = await this.session.send<{ result: { value?: unknown } }>('Runtime.evaluate', {
      expression: `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return false; el.click(); return true; })()`,
      userGesture: true,
      returnByValue: true,
    });
    if (r.result.value !== true) throw new Error(`nothing to click: ${selector}`);
  }

  /** `innerText` of the first element matching `selector` (default: the whole page), or null. */
  text(selector = 'body'): Promise<string | null> {
    return this.evaluate<string | null>(
      `document.querySelector(${JSON.stringify(selector)})?.innerText ?? null`,
    );
  }

  /** `innerText` of every element matching `selector`. */
  texts(selector: string): Promise<string[]> {
    return this.evaluate<string[]>(
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => el.innerText)`,
    );
  }

  /** The value of `attribute` on every element matching `selector`. */
  attributes(selector: string, attribute: string): Promise<(string | null)[]> {
    return this.evaluate<(string | null)[]>(
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => el.getAttribute(${JSON.stringify(attribute)}))`,
    );
  }

  /** The whole serialised DOM (text, attributes, titles), for "must not contain" checks. */
  html(): Promise<string> {
    return this.evaluate<string>('document.documentElement.outerHTML');
  }

  /** Resolves after the panel has rendered two more frames (layout and paint done). */
  async settle(): Promise<void> {
    await this.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))',
    );
  }
}

/** Options of {@link screenshotDevtools}. */
export interface ScreenshotOptions {
  /** CSS pixels. Defaults to 1200. */
  width?: number;
  /** CSS pixels. Defaults to 700. */
  height?: number;
}

/**
 * Undocks DevTools, sizes its window and writes a PNG of the whole DevTools window (panel tab strip
 * included) to `file`.
 */
export async function screenshotDevtools(
  opened: OpenedPanel,
  file: string,
  options: ScreenshotOptions = {},
): Promise<void> {
  const { width = 1200, height = 700 } = options;
  const { devtools, panel } = opened;
  await devtools.evaluate(
    `import(${JSON.stringify(LEGACY_UI_MODULE)}).then((L) => { L.DockController.DockController.instance().setDockSide('undocked'); return true; })`,
  );
  await devtools.send('Emulation.setDeviceMetricsOverride', {
    width,
    height,
    deviceScaleFactor: 1,
    mobile: false,
  });
  // Wait for the resize to reach the panel frame, then for two frames to be painted there.
  await waitFor(() => devtools.evaluate<boolean>(`window.innerWidth === ${width}`), {
    what: 'DevTools to take the screenshot size',
  });
  await waitFor(
    async () => {
      const before = await panel.evaluate<number>('window.innerWidth');
      await panel.settle();
      const after = await panel.evaluate<number>('window.innerWidth');
      return before > 0 && before === after && after <= width;
    },
    { what: 'the panel layout to settle' },
  );
  await devtools.evaluate(
    'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))',
  );
  const { data } = await devtools.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(data, 'base64'));
}
