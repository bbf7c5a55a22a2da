/** In-process micro-benchmark timing: interleaved rounds of project vs baseline, medians of per-op times. */
import { median } from './util.ts';

/**
 * Runs `fns` in interleaved rounds (so machine noise hits every variant alike) until `budgetMs` is spent
 * (at least `minRounds`); each round runs a variant `iters` times. Returns the median ms per op per variant.
 */
export function interleaved(
  fns: Record<string, () => unknown>,
  iters: number,
  budgetMs: number,
  minRounds = 5,
): Record<string, number> {
  const names = Object.keys(fns);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  let sink = 0;
  for (const n of names)
    for (let i = 0; i < Math.max(1, iters >> 2); i++) sink ^= fns[n]!() === undefined ? 0 : 1; // warm-up
  const start = performance.now();
  for (let round = 0; round < minRounds || performance.now() - start < budgetMs; round++) {
    for (const n of round % 2 === 0 ? names : [...names].reverse()) {
      const t0 = performance.now();
      for (let i = 0; i < iters; i++) sink ^= fns[n]!() === undefined ? 0 : 1;
      samples[n]!.push((performance.now() - t0) / iters);
    }
    if (round > 2000) break;
  }
  if (sink === 42) console.log(''); // keep the results alive
  return Object.fromEntries(names.map((n) => [n, median(samples[n]!)]));
}
