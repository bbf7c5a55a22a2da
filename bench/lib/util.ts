/** Shared helpers of the benchmarks: statistics, child processes, machine facts, result tables. */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = resolve(BENCH_DIR, '..');

/** Options every benchmark takes. */
export interface BenchOptions {
  quick: boolean;
}

/** One row of a result table: column → printable value. */
export type Row = Record<string, string | number>;

/** One table of a benchmark's result. */
export interface Table {
  title: string;
  rows: Row[];
}

/** What a benchmark returns: tables plus target verdicts. */
export interface BenchResult {
  name: string;
  title: string;
  tables: Table[];
  /** Target checks: what, measured, target, pass. */
  targets: { what: string; measured: string; target: string; pass: boolean }[];
  notes?: string[];
}

/** A benchmark module. */
export type BenchFn = (opts: BenchOptions) => Promise<BenchResult>;

/** Percentile (nearest-rank) of an ascending-sorted array. */
export function pct(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

/** Sorted copy as a Float64Array. */
export function sorted(values: ArrayLike<number>): Float64Array {
  const a = Float64Array.from(values as ArrayLike<number>);
  a.sort();
  return a;
}

export function median(values: number[]): number {
  return pct(sorted(values), 50);
}

/** Number formatting with a fixed number of decimals (NaN → "–"). */
export function f(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '–';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Wall clock with sub-millisecond resolution, comparable across processes on the same machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A forked TypeScript child (via the tsx loader) that reports `{ type: 'ready', ... }` over IPC. */
export interface Child<T = Record<string, unknown>> {
  proc: ChildProcess;
  ready: T;
  /** Sends a message and waits for the reply whose `type` is `replyType`. */
  request<R = Record<string, unknown>>(
    message: Record<string, unknown>,
    replyType: string,
    timeoutMs?: number,
  ): Promise<R>;
  kill(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/**
 * Forks `bench/<relativeFile>` under tsx with an IPC channel, waits for its `ready` message (bounded by
 * `timeoutMs`, default 90 s: start-up under tsx takes tens of seconds on a loaded machine) and returns a handle. Extra node flags (e.g. `--cpu-prof`) go in `execArgv`.
 */
export async function forkChild<T = Record<string, unknown>>(
  relativeFile: string,
  args: string[] = [],
  opts: { env?: NodeJS.ProcessEnv; execArgv?: string[]; timeoutMs?: number } = {},
): Promise<Child<T>> {
  const proc = fork(join(BENCH_DIR, relativeFile), args, {
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  const ready = await new Promise<T>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${relativeFile}: not ready in time`)),
      opts.timeoutMs ?? 90_000,
    );
    proc.on('message', (m: { type?: string }) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolveReady(m as T);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${relativeFile} exited with ${code} before ready`));
    });
  });
  return {
    proc,
    ready,
    request<R>(message: Record<string, unknown>, replyType: string, timeoutMs = 120_000) {
      return new Promise<R>((res, rej) => {
        const timer = setTimeout(() => {
          proc.off('message', onMessage);
          rej(new Error(`${relativeFile}: no ${replyType} in ${timeoutMs} ms`));
        }, timeoutMs);
        const onMessage = (m: { type?: string }) => {
          if (m?.type !== replyType) return;
          clearTimeout(timer);
          proc.off('message', onMessage);
          res(m as R);
        };
        proc.on('message', onMessage);
        proc.send(message);
      });
    },
    kill() {
      return new Promise<void>((res) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return res();
        const hard = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        proc.once('exit', () => {
          clearTimeout(hard);
          res();
        });
        proc.kill('SIGTERM');
      });
    },
  };
}

/** In a child: tell the parent we are ready; exit when the parent goes away or on SIGTERM. */
export function childReady(info: Record<string, unknown>, onStop?: () => Promise<void> | void): void {
  const stop = async () => {
    try {
      await onStop?.();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop());
  process.once('disconnect', () => void stop());
  // CPU time of this process so far (µs), so the orchestrator can compute CPU per request of a server.
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'cpu') process.send?.({ type: 'cpu', ...process.cpuUsage() });
  });
  process.send?.({ type: 'ready', ...info });
}

/** CPU time (user + system, ms) a child reports about itself (see {@link childReady}). */
export async function childCpuMs(child: Child<unknown>): Promise<number> {
  const c = await child.request<{ user: number; system: number }>({ type: 'cpu' }, 'cpu', 10_000);
  return (c.user + c.system) / 1000;
}

/** CPU time and RSS sampler of the current process (for `process.cpuUsage` based CPU %). */
export class ProcessSampler {
  #cpu0 = process.cpuUsage();
  #t0 = performance.now();
  #peakRss = process.memoryUsage().rss;
  #timer = setInterval(() => {
    this.#peakRss = Math.max(this.#peakRss, process.memoryUsage().rss);
  }, 100);

  /** CPU % of one core since construction, peak RSS in MiB. */
  stop(): { cpuPercent: number; peakRssMiB: number; rssMiB: number } {
    clearInterval(this.#timer);
    const cpu = process.cpuUsage(this.#cpu0);
    const ms = performance.now() - this.#t0;
    const rss = process.memoryUsage().rss;
    this.#peakRss = Math.max(this.#peakRss, rss);
    return {
      cpuPercent: ((cpu.user + cpu.system) / 1000 / ms) * 100,
      peakRssMiB: this.#peakRss / 2 ** 20,
      rssMiB: rss / 2 ** 20,
    };
  }
}

/** Machine facts for docs/benchmarks.md. */
export function machineFacts(): Record<string, string> {
  let chromium = 'n/a';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not installed
  }
  return {
    date: new Date().toISOString(),
    nproc: String(cpus().length),
    cpu: cpus()[0]?.model ?? 'unknown',
    ramGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    chromium,
    command: `node ${process.argv.slice(1).join(' ')}`,
  };
}

/** A markdown table of rows (columns from the first row). */
export function markdownTable(rows: Row[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0] as Row);
  const lines = [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${cols.map((c) => String(r[c] ?? '')).join(' | ')} |`);
  return lines.join('\n');
}

/** Prints a result as markdown. */
export function printResult(result: BenchResult): void {
  const out = [`\n## ${result.title}\n`];
  for (const t of result.tables) out.push(`### ${t.title}\n`, markdownTable(t.rows), '');
  if (result.targets.length > 0) {
    out.push('### Targets\n');
    out.push(
      markdownTable(
        result.targets.map((t) => ({
          what: t.what,
          measured: t.measured,
          target: t.target,
          verdict: t.pass ? 'pass' : 'MISS',
        })),
      ),
      '',
    );
  }
  for (const n of result.notes ?? []) out.push(`- ${n}`);
  console.log(out.join('\n'));
}

/** True when `import.meta.url` is the script node was started with. */
export function isMain(importMetaUrl: string): boolean {
  return process.argv[1] !== undefined && importMetaUrl === pathToFileURL(resolve(process.argv[1])).href;
}

/** Runs a benchmark module as a script: `--quick` flag, prints the result, exits 0 (1 on a crash). */
export function runAsScript(fn: BenchFn): void {
  const quick = process.argv.includes('--quick');
  fn({ quick }).then(
    (r) => {
      printResult(r);
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
