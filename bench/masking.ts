/**
 * Benchmark 3, masking: realistic Avvance payloads (create request ~1 KB, loan-status webhook + create
 * ~10 KB batch, transactions report ~1 MB) vs the floor `JSON.parse` + `JSON.stringify` of the same
 * payload. Every column starts from the JSON text and ends with JSON text (the relay's path: body text
 * in, masked text out), so a ratio is masking's cost over the unavoidable parse+serialise.
 */
import { maskBody, maskJson } from '../shared/src/mask/index.ts';
import { createBody, transactionsOfSize, webhookBody } from './fixtures/exchanges.ts';
import { type BenchOptions, type BenchResult, f, isMain, median, type Row, runAsScript } from './lib/util.ts';

const SALT = 'bench-salt-0123456789abcdef';
const JSON_TYPE = 'application/json';

function payloads(): { name: string; text: string }[] {
  const create = JSON.stringify(createBody(1));
  const mixed: unknown[] = [];
  for (let i = 0; JSON.stringify(mixed).length < 10_000; i++)
    mixed.push(i % 2 ? webhookBody(i) : createBody(i));
  return [
    { name: 'create request', text: create },
    { name: 'creates + loan-status webhooks', text: JSON.stringify(mixed) },
    { name: 'transactions report (merchantInvoices)', text: JSON.stringify(transactionsOfSize(1_000_000)) },
  ];
}

/**
 * Like `interleaved` (bench/lib/timing.ts) but timed in process CPU time (`process.cpuUsage`, user +
 * system, GC threads included): on a shared, loaded machine wall time mostly measures the scheduler.
 * Rounds alternate the variants' order; returns the median ms per op per variant.
 */
function interleavedCpu(
  fns: Record<string, () => unknown>,
  iters: number,
  budgetMs: number,
  minRounds = 7,
): Record<string, number> {
  const names = Object.keys(fns);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  let sink = 0;
  for (const n of names) for (let i = 0; i < iters; i++) sink ^= fns[n]!() === undefined ? 0 : 1; // warm-up
  const start = performance.now();
  for (let round = 0; round < minRounds || performance.now() - start < budgetMs; round++) {
    for (const n of round % 2 === 0 ? names : [...names].reverse()) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < iters; i++) sink ^= fns[n]!() === undefined ? 0 : 1;
      const c = process.cpuUsage(c0);
      samples[n]!.push((c.user + c.system) / 1000 / iters);
    }
    if (round > 2000) break;
  }
  if (sink === 42) console.log(''); // keep the results alive
  return Object.fromEntries(names.map((n) => [n, median(samples[n]!)]));
}

export async function masking(opts: BenchOptions): Promise<BenchResult> {
  const rows: Row[] = [];
  const targets: BenchResult['targets'] = [];
  for (const p of payloads()) {
    // The panel and the relay keep one options object per session, so its masker (key-rule cache, HMAC
    // key schedule, token cache) is reused: the `warm` columns. `cold` builds a new options object per
    // call (nothing cached: every token is a fresh HMAC), the pessimistic bound.
    const session = { salt: SALT };
    const iters = p.text.length > 100_000 ? 2 : p.text.length > 5000 ? 50 : 500;
    const budget = opts.quick ? 1500 : 6000;
    const floor = () => JSON.stringify(JSON.parse(p.text));
    const r = interleavedCpu(
      {
        floor,
        // The panel: a JSON body string masked with findings (it badges masked fields).
        warm: () => maskBody(p.text, JSON_TYPE, session).value,
        // The relay's broadcast: findings are not used, so none are built.
        relay: () => maskBody(p.text, JSON_TYPE, session, { findings: false }).value,
        // A tree the caller parsed (and keeps): copied level by level, findings recorded.
        tree: () => JSON.stringify(maskJson(JSON.parse(p.text), session).value),
      },
      iters,
      budget,
    );
    // Apart, with its own floor: a fresh masker per call leaves garbage that would be collected
    // during (and charged to) the other variants' rounds.
    const c = interleavedCpu(
      { floor, cold: () => maskBody(p.text, JSON_TYPE, { salt: SALT }).value },
      iters,
      budget / 3,
    );
    const ratio = (name: string) => r[name]! / r.floor!;
    const findings = maskBody(p.text, JSON_TYPE, { salt: SALT }).findings.length;
    rows.push({
      payload: p.name,
      size: `${(p.text.length / 1024).toFixed(1)} KiB`,
      findings,
      'floor ms': f(r.floor!, 4),
      'relay (no findings) ms': f(r.relay!, 4),
      'relay ratio': `${f(ratio('relay'))}×`,
      'warm (findings) ms': f(r.warm!, 4),
      'warm ratio': `${f(ratio('warm'))}×`,
      'caller tree ratio': `${f(ratio('tree'))}×`,
      'cold ratio': `${f(c.cold! / c.floor!)}×`,
      'relay MB/s': f(p.text.length / 1e6 / (r.relay! / 1000), 1),
    });
    for (const [column, label] of [
      ['relay', 'relay path (findings off)'],
      ['warm', 'panel path (findings on)'],
    ] as const) {
      targets.push({
        what: `masked body ÷ parse+stringify, ${label}, ${p.name}`,
        measured: `${f(ratio(column))}×`,
        target: '≤ 1.5×',
        pass: ratio(column) <= 1.5,
      });
    }
  }
  return {
    name: 'masking',
    title: '3. Masking',
    tables: [
      {
        title:
          'Masking a JSON body vs JSON.parse + JSON.stringify (median CPU ms per payload, interleaved rounds)',
        rows,
      },
    ],
    targets,
    notes: [
      'Every column is JSON text in, JSON text out. relay/warm = maskBody(text, application/json): the masker parses the body itself and masks that tree in place; relay passes { findings: false } as the relay broadcast does, warm records findings as the panel does.',
      'caller tree = JSON.parse, then maskJson on the parsed tree (copied, the caller keeps it), then JSON.stringify. cold = warm with a new options object per call (key rules, HMAC key and token cache rebuilt every call).',
      'Times are process CPU time (user + system, GC threads included) per op, medians of interleaved rounds; cold runs in its own rounds against its own floor measurement.',
      'warm and relay reuse one options object, as the panel and relay do; repeated values hit the token cache, so they are the optimistic bound for tokens (cold is the pessimistic one).',
    ],
  };
}

if (isMain(import.meta.url)) runAsScript(masking);
