/**
 * What every fan-out server (the relay, the bare `ws` baseline) shares: the publish loop and the IPC
 * commands the orchestrator (bench/ws-fanout.ts) sends.
 *
 * Publish loop: `rate` events/s (or as fast as possible with `maxRate`) round-robin over the sessions for
 * `seconds`. Every exchange carries its publish time (epoch ms, sub-ms) in its id: `bench~<time>~<n>`.
 * Reports counts, CPU % and RSS of this process.
 *
 * IPC commands ({@link serveFanoutCommands}): `sessions` → `{ ids }`; `publish` → `published`
 * ({@link PublishReport}); `sample` starts a CPU/RSS sampler of this process and `sampled` stops it (an
 * instance that only delivers, in the 2-instance mode).
 */
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { exchangeAt } from '../fixtures/exchanges.ts';
import { nowMs, ProcessSampler } from '../lib/util.ts';

export interface PublishCommand {
  sessionIds: string[];
  rate: number;
  seconds: number;
  maxRate?: boolean;
}

/** CPU % of one core and RSS of a process over a window. */
export interface ProcessReport {
  cpuPercent: number;
  peakRssMiB: number;
  rssMiB: number;
}

export interface PublishReport extends ProcessReport {
  published: number;
  perSession: Record<string, number>;
  seconds: number;
}

const TEMPLATE = exchangeAt(0);

function stamped(n: number): Exchange {
  return { ...TEMPLATE, id: `bench~${nowMs().toFixed(3)}~${n}` };
}

export async function runPublisher(
  cmd: PublishCommand,
  publish: (sessionId: string, exchange: Exchange) => void,
): Promise<PublishReport> {
  const sampler = new ProcessSampler();
  const perSession: Record<string, number> = Object.fromEntries(cmd.sessionIds.map((id) => [id, 0]));
  let n = 0;
  const start = performance.now();
  const end = start + cmd.seconds * 1000;
  const one = () => {
    const id = cmd.sessionIds[n % cmd.sessionIds.length] as string;
    publish(id, stamped(n));
    perSession[id] = (perSession[id] ?? 0) + 1;
    n++;
  };
  await new Promise<void>((resolve) => {
    if (cmd.maxRate) {
      const loop = () => {
        if (performance.now() >= end) return resolve();
        for (let i = 0; i < 20; i++) one();
        setImmediate(loop);
      };
      loop();
      return;
    }
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.floor(((Math.min(now, end) - start) / 1000) * cmd.rate);
      while (n < due) one();
      if (now >= end) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const s = sampler.stop();
  return { published: n, perSession, ...s, seconds: (performance.now() - start) / 1000 };
}

/** How a fan-out server makes sessions and publishes one event. */
export interface FanoutServer {
  /** Ids of `count` sessions subscribers can join (resolves once every instance knows them). */
  sessions(count: number): string[] | Promise<string[]>;
  publish(sessionId: string, exchange: Exchange): void;
}

/** Answers the orchestrator's IPC commands (see the module comment) for `server`. */
export function serveFanoutCommands(server: FanoutServer): void {
  let sampler: ProcessSampler | undefined;
  process.on('message', (m: { type: string } & Record<string, unknown>) => {
    if (m.type === 'sessions') {
      void Promise.resolve(server.sessions(m.count as number)).then((ids) =>
        process.send?.({ type: 'sessions', ids }),
      );
    } else if (m.type === 'publish') {
      void runPublisher(m as unknown as PublishCommand, (id, exchange) => server.publish(id, exchange)).then(
        (r) => process.send?.({ type: 'published', ...r }),
      );
    } else if (m.type === 'sample') {
      sampler = new ProcessSampler();
      process.send?.({ type: 'sampling' });
    } else if (m.type === 'sampled') {
      const r: ProcessReport = sampler?.stop() ?? { cpuPercent: Number.NaN, peakRssMiB: 0, rssMiB: 0 };
      sampler = undefined;
      process.send?.({ type: 'sampled', ...r });
    }
  });
}
