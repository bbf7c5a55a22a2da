/** Minimal types of the parts of autocannon the benchmarks use (@types/autocannon is not installed). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      duration?: number;
      overallRate?: number;
    }
    interface Result {
      errors: number;
      timeouts: number;
      non2xx: number;
      requests: { average: number; total: number };
    }
  }
  function autocannon(opts: autocannon.Options): EventEmitter & PromiseLike<autocannon.Result>;
  export default autocannon;
}
