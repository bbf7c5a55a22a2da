/**
 * Statistics for block-interleaved A/B benchmarks: a block bootstrap of a statistic's difference and a
 * Mann–Whitney U test. Samples inside one block are correlated (same moment of machine load), so both
 * resample or rank whole blocks, never single samples.
 */
import { pct, sorted } from './util.ts';

/** Deterministic PRNG (mulberry32), so a rerun on the same samples gives the same interval. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A point estimate with a two-sided confidence interval. */
export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
}

/** A statistic of a pooled, ascending-sorted sample. */
export type PooledStat = (ascending: Float64Array) => number;

export const percentile =
  (p: number): PooledStat =>
  (a) =>
    pct(a, p);

export const mean: PooledStat = (a) => {
  let s = 0;
  for (const v of a) s += v;
  return a.length === 0 ? Number.NaN : s / a.length;
};

function pooled(blocks: readonly (readonly number[])[], pick: (i: number) => number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < blocks.length; i++) for (const v of blocks[pick(i)] as number[]) out.push(v);
  return sorted(out);
}

/**
 * `stat(A) − stat(B)` over all samples, with a percentile bootstrap CI that resamples whole blocks of
 * each configuration (with replacement) — `confidence` 0.95 gives the 2.5th…97.5th percentiles.
 */
export function bootstrapDiff(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  stat: PooledStat,
  opts: { iterations?: number; confidence?: number; seed?: number } = {},
): Interval {
  const iterations = opts.iterations ?? 2000;
  const alpha = 1 - (opts.confidence ?? 0.95);
  const random = rng(opts.seed ?? 1);
  const estimate = stat(pooled(a, (i) => i)) - stat(pooled(b, (i) => i));
  const diffs = new Float64Array(iterations);
  const draw = (n: number) => () => Math.floor(random() * n);
  for (let k = 0; k < iterations; k++) {
    const da = draw(a.length);
    const db = draw(b.length);
    diffs[k] = stat(pooled(a, da)) - stat(pooled(b, db));
  }
  diffs.sort();
  return { estimate, lo: pct(diffs, (alpha / 2) * 100), hi: pct(diffs, (1 - alpha / 2) * 100) };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf; error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/**
 * Two-sided Mann–Whitney U test (normal approximation with tie correction and continuity correction).
 * `p` is the probability of a rank difference at least this large if both samples came from one
 * distribution.
 */
export function mannWhitney(a: readonly number[], b: readonly number[]): { u: number; z: number; p: number } {
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankA = 0;
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && (all[j + 1] as { v: number }).v === (all[i] as { v: number }).v) j++;
    const rank = (i + j + 2) / 2; // mean of ranks i+1 … j+1
    const t = j - i + 1;
    ties += t ** 3 - t;
    for (let k = i; k <= j; k++) if ((all[k] as { g: number }).g === 0) rankA += rank;
    i = j + 1;
  }
  const n1 = a.length;
  const n2 = b.length;
  const u = rankA - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1))));
  if (!(sigma > 0)) return { u, z: 0, p: 1 };
  const z = (Math.abs(u - mu) - 0.5) / sigma;
  return { u, z: Math.sign(u - mu) * Math.max(0, z), p: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))) };
}

/**
 * The verdict of an interval in words: "no measurable difference at ±R" when it contains 0 (R = the
 * farther end, the smallest difference this run could have shown), else "measurable: +Y (CI …)".
 */
export function verdict(ci: Interval, unit: string, digits = 2): { measurable: boolean; text: string } {
  const fx = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
  const range = `95% CI ${fx(ci.lo)} … ${fx(ci.hi)} ${unit}`;
  if (ci.lo <= 0 && ci.hi >= 0) {
    const r = Math.max(-ci.lo, ci.hi);
    return {
      measurable: false,
      text: `no measurable difference at ±${r.toFixed(digits)} ${unit} resolution (${fx(ci.estimate)}, ${range})`,
    };
  }
  return { measurable: true, text: `measurable: ${fx(ci.estimate)} ${unit} (${range})` };
}
