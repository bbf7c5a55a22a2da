/**
 * Multi-instance harness: a real `redis-server` (in memory: `--save '' --appendonly no`) on a free
 * loopback port, and relay instances as separate child processes (`node --import tsx relay/src/server.ts`)
 * that share nothing but Redis and the JWT secret. Everything started here is killed by `stopAll()`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const children = new Set<ChildProcess>();

/** A free TCP port on 127.0.0.1 (bind 0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function ping(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.setTimeout(500);
    s.once('error', () => resolve(undefined));
    s.once('timeout', () => {
      s.destroy();
      resolve(undefined);
    });
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG') ? true : undefined);
    });
  });
}

/** A redis-server child. */
export interface RedisServer {
  port: number;
  url: string;
  process: ChildProcess;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

/** Starts `redis-server` without persistence on `port` (a free one by default) and waits for PONG. */
export async function startRedis(port?: number): Promise<RedisServer> {
  const p = port ?? (await freePort());
  const proc = spawn(
    'redis-server',
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  await until(`redis-server on ${p}`, 10_000, () => ping(p));
  return {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    process: proc,
    kill: () => killChild(proc),
  };
}

async function killChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGKILL');
  await exited;
}

/** A relay instance child process. */
export interface RelayInstance {
  url: string;
  process: ChildProcess;
  /** Everything the process printed (pino JSON lines + notices), for assertions and debugging. */
  output(): string;
  kill(): Promise<void>;
}

/** Shared by every instance of a test run (tokens from one instance are valid on all). */
export const SHARED_JWT_SECRET = `scale-${randomBytes(24).toString('hex')}`;

/** Starts `relay/src/server.ts` in its own process with the Redis backplane; resolves once it listens. */
export async function startRelay(redisUrl: string, env: Record<string, string> = {}): Promise<RelayInstance> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'relay/src/server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: String(port),
      RELAY_REDIS_URL: redisUrl,
      RELAY_JWT_SECRET: SHARED_JWT_SECRET,
      RELAY_MAX_EVENT_LOOP_DELAY: '0',
      ...env,
    },
  });
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d) => {
    out += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`relay exited with ${code}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      // tsx compiles the whole relay at start-up: over a minute when the shared 2-core box is busy.
      until(`relay on ${port}`, 150_000, async () => {
        const res = await fetch(`${url}/liveness`);
        return res.ok ? true : undefined;
      }),
    ]);
  } catch (e) {
    await killChild(proc);
    throw new Error(`${(e as Error).message}\n${out.slice(-2000)}`);
  }
  return { url, process: proc, output: () => out, kill: () => killChild(proc) };
}

/** Waits until `GET /readiness` answers `status` (200 or 503). */
export async function waitReadiness(
  relay: RelayInstance,
  status: 200 | 503,
  timeoutMs = 15_000,
): Promise<void> {
  await until(`readiness ${status} on ${relay.url}`, timeoutMs, async () => {
    const res = await fetch(`${relay.url}/readiness`);
    await res.body?.cancel();
    return res.status === status ? true : undefined;
  });
}

/** A local-mode access token (loopback sign-in), valid on every instance (shared secret). */
export async function signIn(relay: RelayInstance, name: string): Promise<string> {
  const res = await fetch(`${relay.url}/v1/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Kills every process this harness started. */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => killChild(c)));
}
