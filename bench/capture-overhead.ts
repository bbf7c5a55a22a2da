/**
 * Benchmark 6, capture overhead on the page. A local demo page times its own sequential fetches
 * (performance.now around fetch + json) in three configurations, measured in interleaved blocks within
 * ONE run so that machine load drifts hit all of them alike:
 *
 * - `panel`: Chromium with the extension, DevTools open on the page, the Avvance panel shown and recording;
 * - `paused`: the same browser and tab with the panel's recording paused (the DevTools source still
 *   reads bodies; masking, indexing and rendering are skipped) — separates the panel's work from the rest;
 * - `baseline`: a second Chromium, started alongside, DevTools open on the same page, no extension.
 *
 * Each round runs one block of every configuration, in an order that rotates through all permutations.
 * Per block: the fetch times, the page renderer's main-thread busy time (CDP `Performance.getMetrics`
 * TaskDuration) and the whole browser's CPU time (CDP `SystemInfo.getProcessInfo`), both less sensitive
 * to other load than wall time. Differences get a block-bootstrap 95% CI and a Mann–Whitney test on
 * block medians. `BENCH_CAPTURE_ROUNDS`, `BENCH_CAPTURE_BLOCK` size the run; `BENCH_EXTENSION_DIR`
 * measures another build of the extension.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import {
  attachToTarget,
  ensureExtensionBuilt,
  findChromium,
  launchWithExtension,
  type OpenedPanel,
  openExtensionPanel,
  waitFor,
} from '../test/e2e/harness/index.ts';
import { startSite } from './lib/pages.ts';
import { bootstrapDiff, type Interval, mannWhitney, mean, percentile, verdict } from './lib/stats.ts';
import {
  type BenchOptions,
  type BenchResult,
  f,
  isMain,
  median,
  pct,
  runAsScript,
  sorted,
} from './lib/util.ts';

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

/** Fetches run before each block's recorded ones (the page just regained the CPU after the other browser). */
const BLOCK_WARMUP = 3;

type Config = 'panel' | 'paused' | 'baseline';
const CONFIGS: readonly Config[] = ['panel', 'paused', 'baseline'];
const LABEL: Record<Config, string> = {
  panel: 'DevTools + panel recording',
  paused: 'DevTools + panel paused',
  baseline: 'DevTools, no extension',
};

/** One browser measured by the benchmark. */
export interface Side {
  page: Page;
  /** Page-level CDP session (renderer main-thread metrics). */
  pageCdp: CDPSession;
  /** Browser-level CDP session (per-process CPU time). */
  browserCdp: CDPSession;
  close(): Promise<void>;
}

/** One measured block. */
export interface Block {
  times: number[];
  /** Page renderer main-thread busy ms per fetch. */
  pageTaskMs: number;
  /** CPU ms of every process of the browser per fetch. */
  browserCpuMs: number;
}

async function taskDurationMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
}

/** CPU seconds of each live process of the browser, by pid. */
async function processCpu(cdp: CDPSession): Promise<Map<number, number>> {
  const r = await cdp.send('SystemInfo.getProcessInfo');
  return new Map(r.processInfo.map((p) => [p.id, p.cpuTime]));
}

/**
 * Runs one block of `n` (+ warm-up) fetches. `settle` runs after the fetches and before the CPU
 * counters are read, so work the block caused but that finishes later (the panel's last batch) is
 * charged to this block, not to the next one.
 */
export async function measureBlock(side: Side, n: number, settle?: () => Promise<void>): Promise<Block> {
  const task0 = await taskDurationMs(side.pageCdp);
  const cpu0 = await processCpu(side.browserCdp);
  const all = await side.page.evaluate<number[]>(`runFetches(${n + BLOCK_WARMUP})`);
  await settle?.();
  const task1 = await taskDurationMs(side.pageCdp);
  const cpu1 = await processCpu(side.browserCdp);
  let cpu = 0;
  // Processes that started during the block count from 0; ones that ended are lost (rare: none expected).
  for (const [pid, t] of cpu1) cpu += t - (cpu0.get(pid) ?? 0);
  const count = n + BLOCK_WARMUP;
  return {
    times: all.slice(BLOCK_WARMUP),
    pageTaskMs: (task1 - task0) / count,
    browserCpuMs: (cpu * 1000) / count,
  };
}

async function sideOf(context: BrowserContext, page: Page, close: () => Promise<void>): Promise<Side> {
  const browser = context.browser();
  if (!browser) throw new Error('persistent context has no Browser object');
  const pageCdp = await context.newCDPSession(page);
  await pageCdp.send('Performance.enable');
  return { page, pageCdp, browserCdp: await browser.newBrowserCDPSession(), close };
}

/** Chromium without the extension, DevTools open on `url` and booted. */
async function launchBaseline(url: string): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'avvance-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: findChromium(),
    headless: true,
    viewport: null,
    args: ARGS,
  });
  const close = async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    const side = await sideOf(context, page, close);
    // Wait for DevTools to have booted (its panels registered), as the extension run waits for its panel.
    const dt = await waitFor(
      async () =>
        (await side.browserCdp.send('Target.getTargets')).targetInfos.find((t) =>
          t.url.startsWith('devtools://devtools/'),
        ),
      { timeoutMs: 60_000, what: 'the DevTools frontend target' },
    );
    const devtools = await attachToTarget(side.browserCdp, dt.targetId);
    await waitFor(() => devtools.evaluate<boolean>('Object.keys(globalThis.UI?.panels ?? {}).length > 0'), {
      timeoutMs: 60_000,
      what: 'DevTools to boot',
    });
    await devtools.detach();
    return side;
  } catch (e: unknown) {
    await close();
    throw e;
  }
}

/** Chromium with the extension, DevTools open on `url`, the Avvance panel shown. */
export async function launchPanel(url: string): Promise<{ side: Side; opened: OpenedPanel }> {
  // The current sources' build (rebuilt when older than them), unless another build is asked for.
  const extensionDir = process.env['BENCH_EXTENSION_DIR'] ?? (await ensureExtensionBuilt());
  const browser = await launchWithExtension({ extensionDir });
  try {
    await browser.page.goto(url);
    const opened = await openExtensionPanel(browser.browserSession, {
      title: 'Avvance',
      pagePath: '/devtools-panel.html',
      timeoutMs: 60_000,
    });
    await opened.panel.waitForSelector('[data-testid="pause"]', 60_000);
    return { side: await sideOf(browser.context, browser.page, () => browser.close()), opened };
  } catch (e: unknown) {
    await browser.close();
    throw e;
  }
}

export async function setPaused(opened: OpenedPanel, paused: boolean): Promise<void> {
  const pressed = `document.querySelector('[data-testid="pause"]')?.getAttribute('aria-pressed') === ${JSON.stringify(String(paused))}`;
  if (await opened.panel.evaluate<boolean>(pressed)) return;
  await opened.panel.click('[data-testid="pause"]');
  await opened.panel.waitFor(pressed, { what: `recording ${paused ? 'paused' : 'on'}` });
}

/** The panel's "listed" count (`shown / listed`). */
export async function listedCount(opened: OpenedPanel): Promise<number> {
  await opened.panel.settle();
  const text = (await opened.panel.text('[data-testid="result-count"]')) ?? '';
  return Number(/\/\s*(\d+)/.exec(text)?.[1] ?? Number.NaN);
}

/**
 * Waits (bounded) until the panel lists `expected` calls: every call of a recording block delivered,
 * masked and rendered before the next block starts or recording is paused.
 */
async function caughtUp(opened: OpenedPanel, expected: number): Promise<void> {
  await waitFor(async () => (await listedCount(opened)) >= expected, {
    timeoutMs: 30_000,
    what: `the panel to list ${expected} calls`,
  }).catch(() => undefined); // a shortfall is reported in the notes
}

/** Every ordering of the three configurations; round r uses ORDERS[r % 6] (positions balanced per 6 rounds). */
const ORDERS: readonly (readonly Config[])[] = [
  ['panel', 'paused', 'baseline'],
  ['baseline', 'paused', 'panel'],
  ['paused', 'baseline', 'panel'],
  ['panel', 'baseline', 'paused'],
  ['baseline', 'panel', 'paused'],
  ['paused', 'panel', 'baseline'],
];

const envInt = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

export async function captureOverhead(opts: BenchOptions): Promise<BenchResult> {
  const n = envInt('BENCH_CAPTURE_BLOCK', opts.quick ? 25 : 50);
  const rounds = envInt('BENCH_CAPTURE_ROUNDS', opts.quick ? 6 : 12);
  const site = await startSite();
  const sides: Side[] = [];
  const load: number[] = [loadavg()[0] ?? Number.NaN];
  try {
    const url = `${site.url}/demo`;
    // Both browsers live for the whole run; only the one being measured runs fetches.
    const [panelLaunch, baselineLaunch] = await Promise.allSettled([launchPanel(url), launchBaseline(url)]);
    if (panelLaunch.status === 'fulfilled') sides.push(panelLaunch.value.side);
    if (baselineLaunch.status === 'fulfilled') sides.push(baselineLaunch.value);
    if (panelLaunch.status === 'rejected') throw panelLaunch.reason;
    if (baselineLaunch.status === 'rejected') throw baselineLaunch.reason;
    const withPanel = panelLaunch.value;
    const baseline = baselineLaunch.value;
    const { opened } = withPanel;
    const warmup = 20;
    await withPanel.side.page.evaluate(`runFetches(${warmup})`);
    await baseline.page.evaluate(`runFetches(${warmup})`);
    await caughtUp(opened, warmup);
    const captured0 = await listedCount(opened);
    let expectedListed = captured0;

    const blocks: Record<Config, Block[]> = { panel: [], paused: [], baseline: [] };
    for (let r = 0; r < rounds; r++) {
      for (const config of ORDERS[r % ORDERS.length] as Config[]) {
        if (config !== 'baseline') await setPaused(opened, config === 'paused');
        if (config === 'panel') expectedListed += n + BLOCK_WARMUP;
        // Recording: wait for the panel to list the block's calls; paused: for its frame to settle.
        const settle =
          config === 'panel'
            ? () => caughtUp(opened, expectedListed)
            : config === 'paused'
              ? async () => void (await opened.panel.settle())
              : undefined;
        blocks[config].push(await measureBlock(config === 'baseline' ? baseline : withPanel.side, n, settle));
      }
      load.push(loadavg()[0] ?? Number.NaN);
    }
    await setPaused(opened, false);
    const captured = (await listedCount(opened)) - captured0;
    const expected = rounds * (n + BLOCK_WARMUP);
    await opened.detach();

    const times = (c: Config) => blocks[c].map((b) => b.times);
    const all = (c: Config) => sorted(times(c).flat());
    const perBlock = (c: Config, key: 'pageTaskMs' | 'browserCpuMs') => blocks[c].map((b) => [b[key]]);
    const blockMedians = (c: Config) => times(c).map((t) => median(t));

    const rows = CONFIGS.map((c) => ({
      configuration: LABEL[c],
      fetches: all(c).length,
      'p50 ms': f(pct(all(c), 50)),
      'p95 ms': f(pct(all(c), 95)),
      'p99 ms': f(pct(all(c), 99)),
      'page main thread ms/fetch': f(median(blocks[c].map((b) => b.pageTaskMs)), 3),
      'browser CPU ms/fetch': f(median(blocks[c].map((b) => b.browserCpuMs)), 3),
    }));

    const comparisons: { what: string; a: Config; b: Config }[] = [
      { what: 'panel recording − no extension', a: 'panel', b: 'baseline' },
      { what: 'panel paused − no extension', a: 'paused', b: 'baseline' },
      { what: 'panel recording − panel paused', a: 'panel', b: 'paused' },
    ];
    const ci = (i: Interval, digits = 2) =>
      `${f(i.estimate, digits)} [${f(i.lo, digits)}, ${f(i.hi, digits)}]`;
    const diffs = comparisons.map(({ what, a, b }) => {
      const p50 = bootstrapDiff(times(a), times(b), percentile(50));
      const p95 = bootstrapDiff(times(a), times(b), percentile(95));
      const task = bootstrapDiff(perBlock(a, 'pageTaskMs'), perBlock(b, 'pageTaskMs'), mean);
      const cpu = bootstrapDiff(perBlock(a, 'browserCpuMs'), perBlock(b, 'browserCpuMs'), mean);
      const mw = mannWhitney(blockMedians(a), blockMedians(b));
      return { what, p50, p95, task, cpu, mw };
    });
    const main = diffs[0] as (typeof diffs)[number];
    const v50 = verdict(main.p50, 'ms');
    const v95 = verdict(main.p95, 'ms');
    const loadText = `${f(Math.min(...load), 1)}–${f(Math.max(...load), 1)}`;

    return {
      name: 'capture',
      title: '6. Capture overhead on the page',
      tables: [
        {
          title: `${rounds} rounds × ${n} sequential fetch + json per configuration, interleaved in one run (1-min load ${loadText})`,
          rows,
        },
        {
          title: 'Differences: estimate [95% block-bootstrap CI]; Mann–Whitney p on block medians',
          rows: diffs.map((d) => ({
            comparison: d.what,
            'p50 ms': ci(d.p50),
            'p95 ms': ci(d.p95),
            'page main thread ms/fetch': ci(d.task, 3),
            'browser CPU ms/fetch': ci(d.cpu, 3),
            'block-median MW p': f(d.mw.p, 3),
          })),
        },
      ],
      targets: [
        {
          what: 'page fetch p50, panel recording vs no extension',
          measured: v50.text,
          target: 'no measurable difference (95% CI contains 0)',
          pass: !v50.measurable,
        },
        {
          what: 'page fetch p95, panel recording vs no extension',
          measured: v95.text,
          target: 'no measurable difference (95% CI contains 0)',
          pass: !v95.measurable,
        },
      ],
      notes: [
        `The panel listed ${captured} of the ${expected} calls made while recording (paused blocks are not recorded).`,
        `${BLOCK_WARMUP} unrecorded fetches start every block; 20 warm-up fetches per browser before the first round.`,
        'CPU columns: renderer main-thread TaskDuration of the page, and CPU time of all the browser’s processes (DevTools and the panel included), per fetch.',
      ],
    };
  } finally {
    for (const s of sides) await s.close().catch(() => undefined);
    site.server.close();
  }
}

if (isMain(import.meta.url)) runAsScript(captureOverhead);
