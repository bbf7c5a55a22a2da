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

/** `at`: epoch ms the event is stamped with (its scheduled time at a fixed rate, else now). */
function stamped(n: number, at = nowMs()): Exchange {
  return { ...TEMPLATE, id: `bench~${at.toFixed(3)}~${n}` };
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
  // At a fixed rate an event is stamped with the time it was due, not when the loop got to it: a server
  // that delays its own publish loop (fan-out inline) must not hide that delay from the latency (adds
  // up to the 5 ms timer tick for every server alike).
  const due = (i: number) => performance.timeOrigin + start + (i / cmd.rate) * 1000;
  const one = () => {
    const id = cmd.sessionIds[n % cmd.sessionIds.length] as string;
    publish(id, cmd.maxRate ? stamped(n) : stamped(n, due(n)));
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
      const dueCount = Math.floor(((Math.min(now, end) - start) / 1000) * cmd.rate);
      while (n < dueCount) one();
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
