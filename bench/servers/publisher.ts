/**
 * Publish loop shared by the relay and the bare `ws` baseline: `rate` events/s (or as fast as possible
 * with `maxRate`) round-robin over the sessions for `seconds`. Every exchange carries its publish time
 * (epoch ms, sub-ms) in its id: `bench~<time>~<n>`. Reports counts, CPU % and RSS of this process.
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

export interface PublishReport {
  published: number;
  perSession: Record<string, number>;
  cpuPercent: number;
  peakRssMiB: number;
  rssMiB: number;
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
