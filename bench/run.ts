/**
 * Entry of `npm run bench`: runs every benchmark (or `--only <name>[,<name>]`), `--quick` for the short
 * smoke mode (< 2 min, exit 0, no thresholds asserted). Prints markdown tables and writes them with the
 * machine facts to bench/results/latest[-quick].{md,json}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureOverhead } from './capture-overhead.ts';
import { filterFlow } from './filter-flow.ts';
import {
  BENCH_DIR,
  type BenchFn,
  type BenchResult,
  machineFacts,
  markdownTable,
  printResult,
} from './lib/util.ts';
import { masking } from './masking.ts';
import { panelBench } from './panel.ts';
import { relayOverhead } from './relay-overhead.ts';
import { wsFanout } from './ws-fanout.ts';

const BENCHES: Record<string, BenchFn> = {
  relay: relayOverhead,
  ws: wsFanout,
  masking,
  filter: filterFlow,
  panel: panelBench,
  capture: captureOverhead,
};

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyAt = argv.indexOf('--only');
// Quick mode skips the second Chromium benchmark (two browser launches) unless asked for with --only.
const only =
  onlyAt >= 0
    ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean)
    : Object.keys(BENCHES).filter((n) => !(quick && n === 'capture'));
const unknown = only.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}

const facts = machineFacts();
console.log(`# Avvance Workbench benchmarks (${quick ? 'quick' : 'full'})\n`);
console.log(markdownTable([facts]));
const results: BenchResult[] = [];
const failures: string[] = [];
const t0 = performance.now();
for (const name of only) {
  const start = performance.now();
  try {
    const r = await BENCHES[name]!({ quick });
    results.push(r);
    printResult(r);
  } catch (e: unknown) {
    failures.push(`${name}: ${e instanceof Error ? e.stack : String(e)}`);
    console.error(`benchmark ${name} failed:`, e);
  }
  console.log(`\n(${name}: ${((performance.now() - start) / 1000).toFixed(1)} s)`);
}
console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const dir = join(BENCH_DIR, 'results');
mkdirSync(dir, { recursive: true });
const suffix = quick ? '-quick' : '';
writeFileSync(
  join(dir, `latest${suffix}.json`),
  `${JSON.stringify({ facts, quick, results, failures }, null, 2)}\n`,
);
// Quick mode is a smoke test: it reports numbers and never fails on a threshold. A crashed benchmark fails.
process.exit(failures.length > 0 ? 1 : 0);
