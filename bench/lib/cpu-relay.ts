/**
 * Relay CPU per `/v1/proxy` request, for A/B work on the hot path: `npx tsx bench/lib/cpu-relay.ts
 * [rounds] [seconds]` starts the fixed upstream and the relay (bench/servers/relay.ts) and prints the
 * relay's CPU µs per request (process.cpuUsage ÷ responses) for each round of closed-loop autocannon load
 * plus their median; `--show` prints one response's headers first. `--base <checkout>` also starts the
 * relay of another checkout of the repository (e.g. a `git worktree` of the previous commit, with
 * node_modules linked) and alternates rounds between the two, so machine noise hits both alike.
 */
import { join, relative } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_DIR, type Child, childCpuMs, forkChild, median } from './util.ts';

const baseAt = process.argv.indexOf('--base');
const baseDir = baseAt > 0 ? process.argv[baseAt + 1] : undefined;
const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--base');
const rounds = Number(args[0] ?? 5);
const seconds = Number(args[1] ?? 3);
const up = await forkChild<{ url: string }>('servers/fixed-upstream.ts');
const envs = JSON.stringify([{ name: 'fixed', baseUrl: up.ready.url }]);
const relays: { name: string; child: Child<{ url: string }> }[] = [
  { name: 'this', child: await forkChild<{ url: string }>('servers/relay.ts', [envs]) },
];
if (baseDir) {
  const file = relative(BENCH_DIR, join(baseDir, 'bench/servers/relay.ts'));
  relays.push({ name: 'base', child: await forkChild<{ url: string }>(file, [envs]) });
}
const PATH = '/v1/proxy/fixed/poslp/services/avvance-loan/v1/products';
const headers = {
  'partner-id': 'partner-org-name',
  'merchant-id': '435523232323',
  'x-relay-key': 'rk_local_partner-org-name',
};
try {
  if (process.argv.includes('--show')) {
    const res = await fetch(`${relays[0]!.child.ready.url}${PATH}`, { headers });
    console.log(res.status, Object.fromEntries(res.headers), (await res.text()).length, 'bytes');
  }
  for (const r of relays)
    await autocannon({ url: `${r.child.ready.url}${PATH}`, headers, connections: 16, duration: 1 });
  const samples = new Map<string, number[]>(relays.map((r) => [r.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const r of i % 2 === 0 ? relays : [...relays].reverse()) {
      const cpu0 = await childCpuMs(r.child);
      const res = await autocannon({
        url: `${r.child.ready.url}${PATH}`,
        headers,
        connections: 16,
        duration: seconds,
      });
      const cpu = (await childCpuMs(r.child)) - cpu0;
      samples.get(r.name)!.push((cpu * 1000) / res.requests.total);
      console.log(
        `round ${i + 1} ${r.name}: ${samples.get(r.name)!.at(-1)!.toFixed(0)} µs/req, ${res.requests.average} req/s, ${res.non2xx} non-2xx`,
      );
    }
  }
  for (const [name, s] of samples) console.log(`${name}: median ${median(s).toFixed(0)} µs/req`);
} finally {
  await Promise.all(relays.map((r) => r.child.kill()));
  await up.kill();
}
