/**
 * Profiles the relay under `/v1/proxy` load: `npx tsx bench/lib/profile-relay.ts [seconds] [proxy|peer]`
 * writes a `--cpu-prof` profile of the serving child (the relay, or the @fastify/http-proxy peer for
 * comparison) to bench/results/profiles/, then prints the CPU per request split by what the samples were
 * doing (publish, upstream client, response write, each plugin's hooks…), the top self-time frames and the
 * top inclusive project frames of the steady state.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_DIR, childCpuMs, forkChild } from './util.ts';

/** The repository root as profile URLs spell it (`file:///…/`), so project frames are told from Node's. */
const ROOT = `file://${dirname(BENCH_DIR)}/`;
const seconds = Number(process.argv[2] ?? 5);
const target = process.argv[3] === 'peer' ? 'peer' : 'proxy';
const dir = join(BENCH_DIR, 'results', 'profiles');
mkdirSync(dir, { recursive: true });
const PRODUCTS = '/poslp/services/avvance-loan/v1/products';
const MERCHANT = { 'partner-id': 'partner-org-name', 'merchant-id': '435523232323' };
const up = await forkChild<{ url: string }>('servers/fixed-upstream.ts');
const execArgv = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
const server =
  target === 'peer'
    ? await forkChild<{ url: string }>('servers/http-proxy.ts', [up.ready.url], { execArgv })
    : await forkChild<{ url: string }>(
        'servers/relay.ts',
        [JSON.stringify([{ name: 'fixed', baseUrl: up.ready.url }])],
        { execArgv },
      );
const before = new Set(readdirSync(dir));
const load = {
  url: target === 'peer' ? `${server.ready.url}${PRODUCTS}` : `${server.ready.url}/v1/proxy/fixed${PRODUCTS}`,
  headers:
    target === 'peer'
      ? { ...MERCHANT, authorization: 'Bearer x' }
      : { ...MERCHANT, 'x-relay-key': 'rk_local_partner-org-name' },
  connections: 16,
};
await autocannon({ ...load, duration: 1 }); // warm-up, not counted below
const cpu0 = await childCpuMs(server);
// Profiles time samples on the monotonic clock process.hrtime reads (µs), so the measured run is found exactly.
const measuredFrom = Number(process.hrtime.bigint() / 1000n);
const run = await autocannon({ ...load, duration: seconds });
const cpuPerReq = (((await childCpuMs(server)) - cpu0) * 1000) / run.requests.total;
await server.kill();
await up.kill();
// The main thread's profile (`.0.`); pino or other worker threads write their own.
const file = readdirSync(dir).find(
  (f) => !before.has(f) && f.endsWith('.cpuprofile') && /\.0\.\d+\.cpuprofile$/.test(f),
);
if (!file) throw new Error('no profile written');
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
  nodes: Node[];
  samples: number[];
  startTime: number;
  timeDeltas: number[];
};
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const stackOf = (id: number): Node[] => {
  const out: Node[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) out.push(byId.get(at)!);
  return out;
};
{
  // The measured run only (start-up, module loading, compilation and the warm-up would otherwise weigh
  // in), without idle time.
  let t = prof.startTime;
  prof.samples = prof.samples.filter((s, i) => {
    t += prof.timeDeltas[i]!;
    return t >= measuredFrom && byId.get(s)!.callFrame.functionName !== '(idle)';
  });
}

/** What a sample was doing, judged from its whole stack (first rule that matches wins). */
function category(stack: Node[]): string {
  const has = (test: (url: string, fn: string) => boolean) =>
    stack.some((n) => test(n.callFrame.url, n.callFrame.functionName));
  const leaf = stack[0]!.callFrame.functionName;
  if (leaf === '(garbage collector)') return 'garbage collector';
  if (has((u) => u.includes('relay/src/upstream/exchange.ts')) && has((_u, f) => f === 'drainDeferred'))
    return 'publish (build, mask, encode, backlog), deferred';
  if (
    has((u) => u.includes('/undici/') || u.includes('@fastify/reply-from') || u.includes('node:_http_client'))
  )
    return 'upstream request (client)';
  if (has((_u, f) => f === 'connectionCorkNT' || f === '_writeGeneric' || f === '_writev'))
    return 'response write to the caller (socket)';
  const plugin = stack.find((n) => /\/(relay\/src|node_modules\/@fastify)\//.test(n.callFrame.url));
  if (plugin) {
    const u = plugin.callFrame.url;
    return u.includes('/node_modules/')
      ? u.replace(/^.*\/node_modules\/(@fastify\/[^/]+).*$/, '$1')
      : u.replace(/^.*\/(relay\/src\/.*)$/, '$1');
  }
  if (has((u) => u.includes('/prom-client/'))) return 'prom-client';
  if (has((u) => u.includes('/fastify/') || u.includes('find-my-way') || u.includes('light-my-request')))
    return 'fastify core (routing, hooks, reply)';
  if (
    has(
      (u) =>
        u.startsWith('node:_http_server') || u.startsWith('node:_http_common') || u.startsWith('node:net'),
    )
  )
    return 'node http server (parse, socket)';
  if (leaf === '(program)') return '(program: native, unattributed)';
  return 'other';
}
const byCategory = new Map<string, number>();
for (const s of prof.samples) {
  const c = category(stackOf(s));
  byCategory.set(c, (byCategory.get(c) ?? 0) + 1);
}
console.log(
  `CPU per request of the ${target === 'peer' ? '@fastify/http-proxy peer' : 'relay /v1/proxy'}: ${cpuPerReq.toFixed(0)} µs (${run.requests.average} req/s, ${seconds} s, 16 connections); by what the busy samples were doing:`,
);
for (const [k, v] of [...byCategory].sort((a, b) => b[1] - a[1]))
  console.log(
    `${((v / prof.samples.length) * 100).toFixed(1).padStart(5)}%  ${((cpuPerReq * v) / prof.samples.length).toFixed(0).padStart(4)} µs  ${k}`,
  );
const self = new Map<string, number>();
for (const s of prof.samples) {
  const n = byId.get(s)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules|work\/main)\//, '')}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = prof.samples.length;
console.log(`profile ${join(dir, file)} (${target}); top self time:`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
// Inclusive time per project function (a frame counted once per sample).
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
