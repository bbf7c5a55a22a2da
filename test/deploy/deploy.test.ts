/**
 * Validation of deploy/ that runs without a Docker engine or a cluster (docs/deployment.md says what
 * could not be executed): promtool on the alert rules, their unit tests and the relay's real /metrics;
 * YAML/JSON structure of the compose file, Kubernetes manifests and Grafana dashboard; Dockerfile rules;
 * and the production bundle the Dockerfile builds (esbuild) importing only production dependencies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// `yaml` arrives with @fastify/swagger today; the lead may list it in devDependencies (docs/deployment.md).
import { parse, parseAllDocuments } from 'yaml';
import { build } from '../../relay/src/app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEPLOY = join(ROOT, 'deploy');
const read = (p: string) => readFileSync(join(DEPLOY, p), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML/JSON is navigated freely in assertions
type Doc = Record<string, any>;

function run(cmd: string, args: string[], opts: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    cwd: opts.cwd ?? DEPLOY,
    input: opts.input,
    timeout: 30_000,
  });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

let metricsText = '';

beforeAll(async () => {
  const app = await build();
  try {
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/readiness' });
    await app.inject({ method: 'GET', url: '/nope' });
    await app.inject({ method: 'POST', url: '/v1/sessions', payload: {} });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    metricsText = res.body;
  } finally {
    await app.close();
  }
}, 60_000);

describe('Prometheus', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'deploy-prom-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('promtool check rules accepts the alert rules', () => {
    const r = run('promtool', ['check', 'rules', 'prometheus/alerts.yml']);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('promtool test rules: the alerts fire on synthetic series (down, 5xx, P95, WS drops)', () => {
    const r = run('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: join(DEPLOY, 'prometheus') });
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('covers the alerts the issue asks for', () => {
    const names = (parse(read('prometheus/alerts.yml')) as Doc)['groups'].flatMap((g: Doc) =>
      g['rules'].map((r: Doc) => r['alert']).filter(Boolean),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'RelayHighLatencyP95',
        'RelayHighErrorRate',
        'RelayDown',
        'RelayWebSocketDrops',
      ]),
    );
  });

  it('promtool check config accepts the scrape config', () => {
    const cfg = read('prometheus/prometheus.yml').replace(
      '/etc/prometheus/alerts.yml',
      join(DEPLOY, 'prometheus/alerts.yml'),
    );
    writeFileSync(join(tmp, 'prometheus.yml'), cfg);
    const r = run('promtool', ['check', 'config', join(tmp, 'prometheus.yml')]);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('promtool check metrics accepts the relay’s real /metrics output', () => {
    expect(metricsText).toContain('relay_http_request_duration_seconds_bucket');
    // The whole exposition parses; the only lint findings are prom-client's own default gauges
    // (`nodejs_active_*_total`), which the relay does not name. Exit 3 = lint findings, not parse errors.
    const all = run('promtool', ['check', 'metrics'], { input: metricsText });
    expect([0, 3]).toContain(all.code);
    for (const line of all.out.trim().split('\n').filter(Boolean))
      expect(line).toMatch(/^nodejs_active_(handles|requests|resources)_total non-counter metrics/);
    // The relay's own metrics lint clean.
    const own = metricsText
      .split('\n')
      .filter((l) => /^(# (HELP|TYPE) )?relay_/.test(l))
      .join('\n');
    const r = run('promtool', ['check', 'metrics'], { input: `${own}\n` });
    expect(r.out.trim()).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(read('grafana/relay-dashboard.json')) as Doc;

  it('is a dashboard whose queries use metrics the relay exports', () => {
    expect(dashboard['uid']).toBe('avvance-relay');
    expect(dashboard['panels'].length).toBeGreaterThanOrEqual(8);
    const exported = new Set([...metricsText.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    for (const panel of dashboard['panels'] as Doc[]) {
      expect(panel['targets'].length, panel['title']).toBeGreaterThan(0);
      for (const t of panel['targets'] as Doc[]) {
        for (const [, name] of (t['expr'] as string).matchAll(/\b((?:relay|process|nodejs)_[a-z0-9_]+)/g)) {
          const base = name!.replace(/_(bucket|count|sum)$/, '');
          // Backplane metrics exist only with RELAY_REDIS_URL (checked by test/scale).
          if (base.startsWith('relay_backplane_')) continue;
          expect(exported.has(base) || exported.has(name!), `${panel['title']}: ${name}`).toBe(true);
        }
      }
    }
  });

  it('is provisioned with a Prometheus data source', () => {
    const ds = parse(read('grafana/provisioning/datasources/prometheus.yml')) as Doc;
    expect(ds['datasources'][0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    const provider = parse(read('grafana/provisioning/dashboards/relay.yml')) as Doc;
    expect(provider['providers'][0]['options']['path']).toBe('/var/lib/grafana/dashboards');
  });
});

describe('docker compose', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as Doc;
  const services = compose['services'] as Record<string, Doc>;

  it('runs two relays on Redis behind a proxy, with Prometheus, Grafana and Jaeger', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['relay-1', 'relay-2', 'proxy', 'redis', 'prometheus', 'grafana', 'jaeger']),
    );
    for (const name of ['relay-1', 'relay-2']) {
      expect(services[name]!['environment']['RELAY_REDIS_URL']).toBe('redis://redis:6379');
      expect(services[name]!['build']['dockerfile']).toBe('deploy/Dockerfile');
    }
    expect(read('nginx/relay.conf')).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
  });

  it('keeps Redis in memory only', () => {
    const cmd = services['redis']!['command'] as string[];
    expect(cmd.slice(cmd.indexOf('--save'), cmd.indexOf('--save') + 2)).toEqual(['--save', '']);
    expect(cmd.slice(cmd.indexOf('--appendonly'), cmd.indexOf('--appendonly') + 2)).toEqual([
      '--appendonly',
      'no',
    ]);
    expect(services['redis']!['volumes']).toBeUndefined();
  });

  it('pins every image by version tag', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s['image'] === undefined || s['build']) continue;
      expect(s['image'], name).toMatch(/:v?[0-9][\w.-]*$/);
    }
  });
});

describe('Kubernetes manifests', () => {
  const docs: Doc[] = readdirSync(join(DEPLOY, 'k8s'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(read(`k8s/${f}`)).map((d) => {
        expect(d.errors, f).toEqual([]);
        return d.toJS() as Doc;
      }),
    )
    .filter((d) => d['kind'] !== 'Kustomization');
  const find = (kind: string, name = 'relay') =>
    docs.find((d) => d['kind'] === kind && d['metadata']?.['name'] === name) as Doc;

  it('every document has apiVersion, kind and metadata.name', () => {
    for (const d of docs) {
      expect(typeof d['apiVersion']).toBe('string');
      expect(typeof d['kind']).toBe('string');
      expect(typeof d['metadata']?.['name']).toBe('string');
    }
  });

  it('Deployment: 3 replicas, 200m / 256Mi limits, probes, non-root', () => {
    const dep = find('Deployment');
    expect(dep['spec']['replicas']).toBe(3);
    const c = dep['spec']['template']['spec']['containers'][0] as Doc;
    expect(c['resources']['limits']).toEqual({ cpu: '200m', memory: '256Mi' });
    expect(c['livenessProbe']['httpGet']['path']).toBe('/liveness');
    expect(c['readinessProbe']['httpGet']['path']).toBe('/readiness');
    expect(c['ports'][0]['containerPort']).toBe(8787);
    expect(dep['spec']['template']['spec']['securityContext']['runAsNonRoot']).toBe(true);
    expect(c['securityContext']['readOnlyRootFilesystem']).toBe(true);
  });

  it('HPA on CPU, PodDisruptionBudget, Service, Ingress with WebSocket timeouts, NetworkPolicy', () => {
    const hpa = find('HorizontalPodAutoscaler');
    expect(hpa['spec']['minReplicas']).toBe(3);
    expect(hpa['spec']['metrics'][0]['resource']['name']).toBe('cpu');
    expect(find('PodDisruptionBudget')['spec']['minAvailable']).toBe(2);
    expect(find('Service')['spec']['ports'][0]['targetPort']).toBe('http');
    const annotations = find('Ingress')['metadata']['annotations'] as Record<string, string>;
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(
      3600,
    );
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(
      3600,
    );
    const np = find('NetworkPolicy');
    expect(np['spec']['policyTypes']).toEqual(['Ingress', 'Egress']);
    const egressPorts = (np['spec']['egress'] as Doc[]).flatMap((e) => e['ports'].map((p: Doc) => p['port']));
    expect(egressPorts).toEqual(expect.arrayContaining([6379, 53, 443]));
    expect(JSON.stringify(np['spec']['ingress'])).toContain('ingress-nginx');
  });

  it('Redis has no persistence', () => {
    const args = find('Deployment', 'redis')['spec']['template']['spec']['containers'][0]['args'] as string[];
    expect(args.join(' ')).toContain('--save  --appendonly no');
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');

  it('is multi-stage on a pinned Node 20 base, non-root, with a healthcheck on /liveness', () => {
    const froms = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const base = /^ARG NODE_IMAGE=(\S+)/m.exec(text)?.[1] ?? '';
    expect(base).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
    expect(text).not.toMatch(/:latest\b/);
    const users = [...text.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBeDefined();
    expect(['root', '0']).not.toContain(users.at(-1));
    expect(text).toMatch(/^HEALTHCHECK .*\n?.*\/liveness/m);
    expect(text).toMatch(/^EXPOSE 8787$/m);
    expect(text).toMatch(/npm ci --omit=dev/);
  });

  it('the bundle it builds imports production dependencies only', () => {
    const out = mkdtempSync(join(tmpdir(), 'deploy-bundle-'));
    try {
      const outfile = join(out, 'server.mjs');
      const r = run(
        join(ROOT, 'node_modules/.bin/esbuild'),
        [
          'relay/src/server.ts',
          '--bundle',
          '--platform=node',
          '--format=esm',
          '--target=node20',
          '--packages=external',
          `--outfile=${outfile}`,
          '--log-level=error',
        ],
        { cwd: ROOT },
      );
      expect(r.code, r.out).toBe(0);
      const bundle = readFileSync(outfile, 'utf8');
      const pkgs = new Set(
        [...bundle.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)]
          .map((m) => m[1]!)
          .filter((s) => !s.startsWith('node:'))
          .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)),
      );
      const deps = Object.keys(
        (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Doc)['dependencies'],
      );
      expect(pkgs.size).toBeGreaterThan(5);
      for (const p of pkgs) expect(deps, `${p} must be a production dependency`).toContain(p);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
