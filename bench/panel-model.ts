/**
 * Benchmark 5's model half, without a browser: the CPU the panel's view model spends per filter
 * keystroke (PanelViewModel.setFilter → filtered count + the list window's rows) at N listed calls, vs
 * the naive pass the panel did before FilterMemo (the parsed predicate over every listed call with a new
 * target each, then a row per match). Keystrokes type the benchmark's filter text one character at a
 * time; each round uses a fresh view model (nothing remembered from the previous round), and the two
 * sides alternate which goes first. CPU time (process.cpuUsage), so the load of a shared machine
 * distorts it less than wall time. `npx tsx bench/panel-model.ts [--quick]` (10,000 calls; quick 2,000).
 */
import { FakeCaptureSource } from '../extension/capture/fake-capture-source.ts';
import { CaptureModel } from '../extension/models/capture-model.ts';
import { PanelViewModel, toRow } from '../extension/models/panel-view-model.ts';
import { parseFilter } from '../shared/src/filter/index.ts';
import { exchanges } from './fixtures/exchanges.ts';
import {
  type BenchOptions,
  type BenchResult,
  f,
  isMain,
  pct,
  type Row,
  runAsScript,
  sorted,
} from './lib/util.ts';

const FILTER = 'method:POST status:4xx maria';
/** Rows a 600 px list window renders (25 visible + 2 × 10 overscan). */
const WINDOW = 45;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function panelModel(opts: BenchOptions): Promise<BenchResult> {
  const n = opts.quick ? 2_000 : 10_000;
  const rounds = opts.quick ? 5 : 11;
  const capture = new CaptureModel({
    source: new FakeCaptureSource(),
    salt: 'bench',
    schedule: (flush) => flush(),
    maxExchanges: n,
  });
  capture.showImported('bench.har', exchanges(n));

  const naive = (text: string): number => {
    const { predicate, filters } = parseFilter(text);
    const entries = capture.exchanges.value.filter((e) => e.avvance);
    const membership = capture.flowOfExchange.value;
    const visible =
      filters.length === 0
        ? entries
        : entries.filter((e) => {
            const flowId = membership.get(e.id);
            return predicate({
              exchange: e.masked,
              searchIndex: e.searchIndex,
              ...(flowId === undefined ? {} : { flowId }),
            });
          });
    const flows = capture.flows.value;
    const rows = visible.map((e) => {
      const id = membership.get(e.id);
      return toRow(e, id === undefined ? undefined : flows.get(id));
    });
    return rows.length;
  };
  let view = new PanelViewModel(capture);
  const model = (text: string): number => {
    view.setFilter(text);
    return view.windowRows.value.rows.length + view.rowCount.value;
  };

  const sides = { naive, model } as const;
  const times: Record<keyof typeof sides, number[]> = { naive: [], model: [] };
  let shown = 0;
  for (let round = 0; round < rounds; round++) {
    const order: (keyof typeof sides)[] = round % 2 ? ['model', 'naive'] : ['naive', 'model'];
    for (const side of order) {
      view = new PanelViewModel(capture);
      view.setListWindow(0, WINDOW);
      for (let i = 1; i <= FILTER.length; i++) {
        const c0 = cpuMs();
        shown = sides[side](FILTER.slice(0, i));
        // Round 0 warms the JIT up.
        if (round > 0) times[side].push(cpuMs() - c0);
      }
      sides[side]('');
    }
  }
  const stat = (xs: number[]) => {
    const s = sorted(xs);
    return { p50: pct(s, 50), p95: pct(s, 95), max: pct(s, 100) };
  };
  const a = stat(times.naive);
  const b = stat(times.model);
  const rows: Row[] = (['p50', 'p95', 'max'] as const).map((p) => ({
    measure: `CPU ms per keystroke, ${p}`,
    'view model (FilterMemo + window rows)': f(b[p]),
    'naive pass (predicate over all + every row)': f(a[p]),
    ratio: `${f(b[p] / a[p])}×`,
  }));
  return {
    name: 'panel-model',
    title: `5b. Panel view model per keystroke (node, ${n} calls${opts.quick ? '; quick mode' : ''})`,
    tables: [{ title: `Typing “${FILTER}”, ${rounds - 1} rounds, last result ${shown} calls`, rows }],
    targets: [
      {
        what: `view model CPU per keystroke p95, ${n} calls`,
        measured: `${f(b.p95)} ms`,
        target: '≤ 3 ms (the filter pass budget inside a 16 ms frame)',
        pass: b.p95 <= 3,
      },
    ],
    notes: ['CPU time of this process (process.cpuUsage); every round starts with nothing remembered.'],
  };
}

if (isMain(import.meta.url)) runAsScript(panelModel);
