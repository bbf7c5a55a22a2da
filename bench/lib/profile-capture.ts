/**
 * Where the panel's capture cost goes: one Chromium with the extension and the Avvance panel recording
 * (as in benchmark 6), main-thread busy time per fetch of the page, the DevTools frontend and the panel
 * (CDP TaskDuration) in alternating recording / paused blocks, then a CPU profile of the panel and the
 * DevTools frontend over one recording block, printed as the top self-time frames.
 * `npx tsx bench/lib/profile-capture.ts [fetches-per-block] [rounds]`; profiles in `bench/results/profiles/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { TargetSession } from '../../test/e2e/harness/index.ts';
import { launchPanel, measureBlock, setPaused } from '../capture-overhead.ts';
import { startSite } from './pages.ts';
import { BENCH_DIR, f, median } from './util.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function metricsOf(t: TargetSession): Promise<Map<string, number>> {
  const { metrics } = await t.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics');
  return new Map(metrics.map((m) => [m.name, m.value]));
}

async function taskMs(t: TargetSession): Promise<number> {
  return ((await metricsOf(t)).get('TaskDuration') ?? Number.NaN) * 1000;
}

/** Per-fetch deltas of the panel's rendering counters (durations in ms). */
const PANEL_METRICS = [
  'ScriptDuration',
  'RecalcStyleDuration',
  'LayoutDuration',
  'TaskDuration',
  'LayoutCount',
  'RecalcStyleCount',
  'Nodes',
];
const panelDetail: Record<string, Record<string, number[]>> = { recording: {}, paused: {} };

function topSelf(profile: Profile, limit = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!n) return;
    const url = n.callFrame.url.replace(/^.*\/(chunks|bundled)\//, '');
    const key = `${n.callFrame.functionName || '(anon)'} ${url}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([k, us]) => `${f(us / 1000, 1).padStart(8)} ms ${f((us / total) * 100, 1).padStart(5)} %  ${k}`);
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100);
  const rounds = Number(process.argv[3] ?? 4);
  const site = await startSite();
  const { side, opened } = await launchPanel(`${site.url}/demo`);
  try {
    await opened.devtools.send('Performance.enable');
    await opened.panel.session.send('Performance.enable');
    await side.page.evaluate('runFetches(20)');
    const rows: Record<string, { page: number[]; devtools: number[]; panel: number[]; cpu: number[] }> = {
      recording: { page: [], devtools: [], panel: [], cpu: [] },
      paused: { page: [], devtools: [], panel: [], cpu: [] },
    };
    for (let r = 0; r < rounds; r++) {
      for (const mode of r % 2 === 0 ? ['recording', 'paused'] : ['paused', 'recording']) {
        await setPaused(opened, mode === 'paused');
        const d0 = await taskMs(opened.devtools);
        const p0 = await taskMs(opened.panel.session);
        const m0 = await metricsOf(opened.panel.session);
        const block = await measureBlock(side, n);
        await opened.panel.settle();
        const row = rows[mode] as (typeof rows)[string];
        row.page.push(block.pageTaskMs);
        row.cpu.push(block.browserCpuMs);
        row.devtools.push(((await taskMs(opened.devtools)) - d0) / (n + 3));
        row.panel.push(((await taskMs(opened.panel.session)) - p0) / (n + 3));
        const m1 = await metricsOf(opened.panel.session);
        for (const k of PANEL_METRICS) {
          const d = panelDetail[mode] as Record<string, number[]>;
          const scale = k.endsWith('Duration') ? 1000 : 1;
          const v =
            k === 'Nodes' ? (m1.get(k) ?? 0) : (((m1.get(k) ?? 0) - (m0.get(k) ?? 0)) * scale) / (n + 3);
          d[k] = [...(d[k] ?? []), v];
        }
      }
    }
    console.log(
      `load ${loadavg()
        .map((l) => f(l, 1))
        .join(' ')}; ${rounds} × ${n} fetches; median ms per fetch`,
    );
    for (const [mode, r] of Object.entries(rows))
      console.log(
        `${mode.padEnd(10)} page main ${f(median(r.page), 3)}  DevTools main ${f(median(r.devtools), 3)}  panel main ${f(median(r.panel), 3)}  browser CPU ${f(median(r.cpu), 3)}`,
      );

    for (const [mode, d] of Object.entries(panelDetail))
      console.log(
        `panel ${mode}: ${Object.entries(d)
          .map(([k, v]) => `${k} ${f(median(v), 3)}`)
          .join('  ')}`,
      );
    // PROFILE_PAUSED=1 profiles a paused block (DevTools source only) instead of a recording one.
    await setPaused(opened, process.env['PROFILE_PAUSED'] === '1');
    const targets: [string, TargetSession][] = [
      ['panel', opened.panel.session],
      ['devtools', opened.devtools],
    ];
    for (const [, t] of targets) {
      await t.send('Profiler.enable');
      await t.send('Profiler.setSamplingInterval', { interval: 200 });
      await t.send('Profiler.start');
    }
    await side.page.evaluate(`runFetches(${n * 2})`);
    await opened.panel.settle();
    const dir = join(BENCH_DIR, 'results', 'profiles');
    mkdirSync(dir, { recursive: true });
    for (const [name, t] of targets) {
      const { profile } = await t.send<{ profile: Profile }>('Profiler.stop');
      writeFileSync(join(dir, `capture-${name}.cpuprofile`), JSON.stringify(profile));
      console.log(`\n${name}: top self time over ${n * 2} recorded fetches`);
      for (const line of topSelf(profile)) console.log(line);
    }
    await opened.detach();
  } finally {
    await side.close();
    site.server.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
