/**
 * Profiles the relay under `/v1/proxy` load: `npx tsx bench/lib/profile-relay.ts [seconds]` writes a
 * `--cpu-prof` profile of the relay child to bench/results/profiles/ and prints the top self-time frames.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_DIR, forkChild } from './util.ts';

/** The repository root as profile URLs spell it (`file:///…/`), so project frames are told from Node's. */
const ROOT = `file://${dirname(BENCH_DIR)}/`;
const seconds = Number(process.argv[2] ?? 5);
const path = process.argv[3] ?? 'proxy';
const dir = join(BENCH_DIR, 'results', 'profiles');
mkdirSync(dir, { recursive: true });
const up = await forkChild<{ url: string }>('servers/fixed-upstream.ts');
const relay = await forkChild<{ url: string }>(
  'servers/relay.ts',
  [JSON.stringify([{ name: 'fixed', baseUrl: up.ready.url }])],
  {
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  },
);
const before = new Set(readdirSync(dir));
await autocannon({
  url: `${relay.ready.url}/v1/proxy/fixed/poslp/services/avvance-loan/v1/products`,
  headers: {
    'partner-id': 'partner-org-name',
    'merchant-id': '435523232323',
    'x-relay-key': 'rk_local_partner-org-name',
  },
  connections: 16,
  duration: seconds,
});
await relay.kill();
await up.kill();
const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Node[]; samples: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
{
  // Steady state only: drop the samples before the first request reached the route handler (start-up,
  // module loading and compilation would otherwise dominate a short profile).
  const parentOf = new Map<number, number>();
  for (const n of prof.nodes as (Node & { children?: number[] })[])
    for (const c of n.children ?? []) parentOf.set(c, n.id);
  const inHandler = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at))
      if (byId.get(at)!.callFrame.url.endsWith('relay/src/routes/proxy.ts')) return true;
    return false;
  };
  const first = prof.samples.findIndex(inHandler);
  if (first > 0) prof.samples = prof.samples.slice(first);
}
const self = new Map<string, number>();
for (const s of prof.samples) {
  const n = byId.get(s)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules|work\/main)\//, '')}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = prof.samples.length;
console.log(`profile ${join(dir, file)} (${path}); top self time:`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
// Inclusive time per project function (a frame counted once per sample).
const parent = new Map<number, number>();
for (const n of prof.nodes as (Node & { children?: number[] })[])
  for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map<string, number>();
for (const s of prof.samples) {
  const seen = new Set<string>();
  for (let id: number | undefined = s; id !== undefined; id = parent.get(id)) {
    const n = byId.get(id)!;
    const u = n.callFrame.url;
    if (!u.startsWith(ROOT) && !u.includes('node_modules')) continue;
    const where = u.includes('/node_modules/') ? u.replace(/^.*\/node_modules\//, '') : u.slice(ROOT.length);
    const key = `${n.callFrame.functionName || '(anon)'} ${where}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + 1);
  }
}
console.log('top inclusive (project + deps):');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
