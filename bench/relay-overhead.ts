/**
 * Benchmark 1, relay overhead: the same upstream call direct, through the relay's `/v1/proxy` and
 * `/v1/replay`, through @fastify/http-proxy (peer) and through a bare undici pass-through (floor), at a
 * fixed 500 req/s and at max throughput. Every server is its own child process; autocannon runs in this
 * (orchestrating) process. Latencies are recorded per response from autocannon's `response` event
 * (sub-millisecond, process.hrtime based) rather than its 1 ms histogram.
 */
import autocannon from 'autocannon';
import { pacedLoad } from './lib/paced-load.ts';
import { localToken } from './lib/relay-client.ts';
import {
  type BenchOptions,
  type BenchResult,
  type Child,
  childCpuMs,
  f,
  forkChild,
  isMain,
  pct,
  type Row,
  runAsScript,
  sleep,
  sorted,
} from './lib/util.ts';

const PRODUCTS = '/poslp/services/avvance-loan/v1/products';
// Correlation-ID is required by the sandbox (the relay would add one; the direct, floor and peer paths
// pass the caller's headers through, so the caller sends it on every path).
const MERCHANT = {
  'partner-id': 'partner-org-name',
  'merchant-id': '435523232323',
  'correlation-id': '7b831e4d-8f2c-4c55-9a4c-4cf1e0f1b0aa',
};

interface Target {
  name: string;
  /** The process serving this path (its CPU per request is reported). */
  server: Child<{ url: string }>;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

interface Measured {
  /** CPU ms the serving process spent per successful request. */
  cpuPerReq: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  n: number;
  /** Paced runs only: sends the generator made more than 2 ms late. */
  late?: number;
}

async function load(
  t: Target,
  seconds: number,
  rate: number | undefined,
  connections: number,
): Promise<Measured> {
  if (rate) {
    const cpu0 = await childCpuMs(t.server);
    const r = await pacedLoad({ ...t, rate, seconds, connections });
    const cpuMs = (await childCpuMs(t.server)) - cpu0;
    const s = sorted(r.latencies);
    return {
      cpuPerReq: cpuMs / Math.max(1, r.latencies.length),
      rps: r.latencies.length / seconds,
      p50: pct(s, 50),
      p99: pct(s, 99),
      max: pct(s, 100),
      errors: r.errors,
      n: r.latencies.length,
      late: r.late,
    };
  }
  const lat: number[] = [];
  let errors = 0;
  const opts: autocannon.Options = {
    url: t.url,
    method: t.method,
    headers: t.headers,
    connections,
    duration: seconds,
    ...(t.body ? { body: t.body } : {}),
  };
  const cpu0 = await childCpuMs(t.server);
  const instance = autocannon(opts);
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) lat.push(ms);
    else errors++;
  });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance.once('done', resolve);
    instance.once('error', reject);
  });
  const cpuMs = (await childCpuMs(t.server)) - cpu0;
  const s = sorted(lat);
  return {
    cpuPerReq: cpuMs / Math.max(1, lat.length),
    rps: lat.length / seconds,
    p50: pct(s, 50),
    p99: pct(s, 99),
    max: pct(s, 100),
    errors: errors + result.errors + result.timeouts,
    n: lat.length,
  };
}

async function token(sandboxUrl: string): Promise<string> {
  const res = await fetch(`${sandboxUrl}/auth/oauth2/v1/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('avv_test_key_partner_org_name:avv_test_secret_sandbox_only').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

type Server = Child<{ url: string }>;

function targets(
  env: string,
  upstream: Server,
  upstreamToken: string,
  relay: Server,
  jwt: string,
  peer: Server,
  floor: Server,
): Target[] {
  const direct = { ...MERCHANT, authorization: `Bearer ${upstreamToken}` };
  const u = (s: Server) => s.ready.url;
  return [
    { name: 'direct', server: upstream, url: `${u(upstream)}${PRODUCTS}`, method: 'GET', headers: direct },
    {
      name: 'undici pass-through (floor)',
      server: floor,
      url: `${u(floor)}${PRODUCTS}`,
      method: 'GET',
      headers: direct,
    },
    {
      name: '@fastify/http-proxy (peer)',
      server: peer,
      url: `${u(peer)}${PRODUCTS}`,
      method: 'GET',
      headers: direct,
    },
    {
      name: 'relay /v1/proxy',
      server: relay,
      url: `${u(relay)}/v1/proxy/${env}${PRODUCTS}`,
      method: 'GET',
      headers: { ...MERCHANT, 'x-relay-key': 'rk_local_partner-org-name' },
    },
    {
      name: 'relay /v1/replay',
      server: relay,
      url: `${u(relay)}/v1/replay`,
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ environment: env, method: 'GET', path: PRODUCTS, headers: MERCHANT }),
    },
  ];
}

interface Scenario {
  upstream: string;
  mode: string;
  rate?: number;
  connections: number;
  seconds: number;
}

export async function relayOverhead(opts: BenchOptions): Promise<BenchResult> {
  const children: Server[] = [];
  const start = async (file: string, args: string[] = []) => {
    const c = await forkChild<{ url: string }>(file, args);
    children.push(c);
    return c;
  };
  try {
    const fixed = await start('servers/fixed-upstream.ts');
    const sandbox = opts.quick ? undefined : await start('servers/sandbox.ts');
    const envs = [
      { name: 'fixed', baseUrl: fixed.ready.url },
      ...(sandbox ? [{ name: 'sandbox', baseUrl: sandbox.ready.url }] : []),
    ];
    const [relay, peerFixed, floorFixed] = await Promise.all([
      start('servers/relay.ts', [JSON.stringify(envs)]),
      start('servers/http-proxy.ts', [fixed.ready.url]),
      start('servers/undici-pass.ts', [fixed.ready.url]),
    ]);
    const jwt = await localToken(relay.ready.url);
    const sets: { upstream: string; targets: Target[] }[] = [
      { upstream: 'fixed JSON', targets: targets('fixed', fixed, 'x', relay, jwt, peerFixed, floorFixed) },
    ];
    if (sandbox) {
      const peer = await start('servers/http-proxy.ts', [sandbox.ready.url]);
      const floor = await start('servers/undici-pass.ts', [sandbox.ready.url]);
      sets.push({
        upstream: 'sandbox',
        targets: targets('sandbox', sandbox, await token(sandbox.ready.url), relay, jwt, peer, floor),
      });
    }
    const secs = opts.quick ? 1.5 : 7;
    const scenarios: Scenario[] = [
      { upstream: 'fixed JSON', mode: '500 req/s', rate: 500, connections: 32, seconds: secs },
      { upstream: 'fixed JSON', mode: 'max', connections: 32, seconds: secs },
      ...(sandbox
        ? [
            {
              upstream: 'sandbox',
              mode: '500 req/s',
              rate: 500,
              connections: 32,
              seconds: opts.quick ? 2 : 5,
            },
          ]
        : []),
    ];
    // A cold relay needs seconds of traffic before its code is compiled (tsx-loaded modules, lazy
    // paths): paced at 500 req/s from cold, the first ~8 s were a queue of seconds. Every path is first
    // driven at max rate (closed loop), so the measured runs see compiled code on every server.
    for (const set of sets) for (const t of set.targets) await load(t, opts.quick ? 1 : 3, undefined, 32);
    const rows: Row[] = [];
    const results = new Map<string, Measured>();
    for (const sc of scenarios) {
      const set = sets.find((s) => s.upstream === sc.upstream)!;
      for (const t of set.targets) {
        await load(t, opts.quick ? 0.5 : 1, sc.rate, sc.connections); // warm-up (JIT, keep-alive sockets, token caches)
        const m = await load(t, sc.seconds, sc.rate, sc.connections);
        results.set(`${sc.upstream}|${sc.mode}|${t.name}`, m);
        await sleep(200);
      }
      const direct = results.get(`${sc.upstream}|${sc.mode}|direct`)!;
      const peer = results.get(`${sc.upstream}|${sc.mode}|@fastify/http-proxy (peer)`)!;
      for (const t of set.targets) {
        const m = results.get(`${sc.upstream}|${sc.mode}|${t.name}`)!;
        rows.push({
          upstream: sc.upstream,
          load: sc.mode,
          path: t.name,
          'req/s': f(m.rps, 0),
          'p50 ms': f(m.p50),
          'p99 ms': f(m.p99),
          'max ms': f(m.max),
          'added p50': t.name === 'direct' ? '' : f(m.p50 - direct.p50),
          'added p99': t.name === 'direct' ? '' : f(m.p99 - direct.p99),
          'throughput vs peer': f(m.rps / peer.rps),
          'server CPU µs/req': f(m.cpuPerReq * 1000, 0),
          'CPU vs peer': t.name === 'direct' ? '' : `${f(m.cpuPerReq / peer.cpuPerReq)}×`,
          errors: m.errors,
          'late sends': m.late ?? '',
        });
      }
    }
    const k = (mode: string, name: string) => results.get(`fixed JSON|${mode}|${name}`)!;
    const d = k('500 req/s', 'direct');
    const px = k('500 req/s', 'relay /v1/proxy');
    const peer = k('500 req/s', '@fastify/http-proxy (peer)');
    const addedP50 = px.p50 - d.p50;
    const addedP99 = px.p99 - d.p99;
    const peerAdded = peer.p50 - d.p50;
    const maxRatio = k('max', '@fastify/http-proxy (peer)').rps / k('max', 'relay /v1/proxy').rps;
    // CPU per request of the serving process: the cost that does not depend on what else runs on the
    // machine (latency and max throughput on a shared 2-core box mostly measure the contention).
    const cpuRatio = (mode: string) =>
      k(mode, 'relay /v1/proxy').cpuPerReq / k(mode, '@fastify/http-proxy (peer)').cpuPerReq;
    return {
      name: 'relay',
      title: '1. Relay overhead',
      tables: [{ title: 'Latency and throughput (same upstream call on every path)', rows }],
      targets: [
        {
          what: '/v1/proxy p50 added vs direct @500 req/s',
          measured: `${f(addedP50)} ms`,
          target: '≤ 1 ms',
          pass: addedP50 <= 1,
        },
        {
          what: '/v1/proxy p99 added vs direct @500 req/s',
          measured: `${f(addedP99)} ms`,
          target: '≤ 5 ms',
          pass: addedP99 <= 5,
        },
        {
          what: '/v1/proxy added p50 ÷ @fastify/http-proxy added p50 @500 req/s',
          measured: `${f(addedP50 / Math.max(peerAdded, 0.01))}× (${f(addedP50)} vs ${f(peerAdded)} ms)`,
          target: '≤ 1.2×',
          pass: addedP50 <= 1.2 * Math.max(peerAdded, 0.01),
        },
        {
          what: 'max throughput: @fastify/http-proxy ÷ /v1/proxy (cost per request)',
          measured: `${f(maxRatio)}×`,
          target: '≤ 1.2×',
          pass: maxRatio <= 1.2,
        },
        {
          what: 'server CPU per request: /v1/proxy ÷ @fastify/http-proxy (max load)',
          measured: `${f(cpuRatio('max'))}× (${f(k('max', 'relay /v1/proxy').cpuPerReq * 1000, 0)} vs ${f(k('max', '@fastify/http-proxy (peer)').cpuPerReq * 1000, 0)} µs)`,
          target: '≤ 1.2× (informational: the peer does no auth, masking, metrics or publishing)',
          pass: cpuRatio('max') <= 1.2,
        },
      ],
      notes: [
        `Load from the orchestrator process; each server in its own child process; every path first driven at max rate for ${opts.quick ? 1 : 3} s (JIT warm-up), then ${secs} s per run after a ${opts.quick ? 0.5 : 1} s warm-up at the run's own load. 500 req/s = open-loop, evenly paced (one request every 2 ms, bench/lib/paced-load.ts, undici Pool of 32 keep-alive sockets; latency from send to last body byte; "late sends" = sends the generator made > 2 ms behind schedule). max = autocannon, 32 connections, closed loop.`,
        'added = path percentile − direct percentile in the same run.',
        'server CPU µs/req = process.cpuUsage (user + system) of the serving process over the run ÷ successful responses (for direct: the upstream itself); it includes the deferred publish of /v1/proxy and is far less sensitive to other load on the machine than latency.',
      ],
    };
  } finally {
    await Promise.all(children.map((c) => c.kill()));
  }
}

if (isMain(import.meta.url)) runAsScript(relayOverhead);
