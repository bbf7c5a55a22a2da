/**
 * Benchmark 6, capture overhead on the page: a local demo page times its own sequential fetches
 * (performance.now around fetch + json) in two headless Chromium runs: DevTools open with the extension
 * and the Avvance panel shown (capturing), vs DevTools open without the extension (baseline).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  ensureExtensionBuilt,
  findChromium,
  launchWithExtension,
  openExtensionPanel,
} from '../test/e2e/harness/index.ts';
import { CHROME_EXTENSION_DIR } from '../test/e2e/harness/paths.ts';
import { startSite } from './lib/pages.ts';
import { type BenchOptions, type BenchResult, f, isMain, pct, runAsScript, sorted } from './lib/util.ts';

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--auto-open-devtools-for-tabs',
];

async function withoutExtension(url: string, n: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'avvance-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: findChromium(),
    headless: true,
    viewport: null,
    args: ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.waitForTimeout(3000); // let DevTools boot as in the other run
    await page.evaluate('runFetches(20)');
    return await page.evaluate<number[]>(`runFetches(${n})`);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withExtension(url: string, n: number): Promise<{ times: number[]; rows: string }> {
  const extensionDir = existsSync(join(CHROME_EXTENSION_DIR, 'manifest.json'))
    ? CHROME_EXTENSION_DIR
    : await ensureExtensionBuilt();
  const browser = await launchWithExtension({ extensionDir });
  try {
    await browser.page.goto(url);
    const opened = await openExtensionPanel(browser.browserSession, {
      title: 'Avvance',
      pagePath: '/devtools-panel.html',
      timeoutMs: 60_000,
    });
    await browser.page.evaluate('runFetches(20)');
    const times = await browser.page.evaluate<number[]>(`runFetches(${n})`);
    await opened.panel.settle();
    // The panel's own count of captured exchanges (rows are virtualised: only visible ones are in the DOM).
    const rows = (await opened.panel.text('[data-testid="result-count"]')) ?? '?';
    await opened.detach();
    return { times, rows };
  } finally {
    await browser.close();
  }
}

export async function captureOverhead(opts: BenchOptions): Promise<BenchResult> {
  const n = opts.quick ? 100 : 500;
  const site = await startSite();
  try {
    const url = `${site.url}/demo`;
    const base = sorted(await withoutExtension(url, n));
    const withExt = await withExtension(url, n);
    const cap = sorted(withExt.times);
    const row = (label: string, p: number) => ({
      percentile: label,
      'DevTools + panel (capturing) ms': f(pct(cap, p)),
      'DevTools, no extension ms': f(pct(base, p)),
      difference: f(pct(cap, p) - pct(base, p)),
      ratio: `${f(pct(cap, p) / pct(base, p))}×`,
    });
    const d50 = pct(cap, 50) - pct(base, 50);
    return {
      name: 'capture',
      title: '6. Capture overhead on the page',
      tables: [
        {
          title: `${n} sequential fetch + json of a small Avvance JSON from the page (panel result count after the run: ${withExt.rows})`,
          rows: [row('p50', 50), row('p95', 95), row('p99', 99)],
        },
      ],
      targets: [
        {
          what: 'page fetch p50 difference',
          measured: `${f(d50)} ms (${f(pct(cap, 50) / pct(base, 50))}×)`,
          target: 'no measurable difference (≤ 0.5 ms or ≤ 1.1×)',
          pass: d50 <= 0.5 || pct(cap, 50) / pct(base, 50) <= 1.1,
        },
      ],
      notes: [
        'Two separate Chromium runs (fresh profiles), 20 warm-up fetches each; the page measures itself with performance.now.',
      ],
    };
  } finally {
    site.server.close();
  }
}

if (isMain(import.meta.url)) runAsScript(captureOverhead);
