/**
 * Sample statistics used by every metric. Quantiles are nearest-rank (no interpolation), so every
 * figure is an observed value and can be checked by hand:
 *   quantile_q(x) = the ⌈q·n⌉-th smallest value (1-based), i.e. the smallest x_i with at least q·n
 *   values ≤ x_i; q·n is rounded down by 1e-9 first so that 0.9·10 counts as exactly 9.
 */

/** Count, min, max, mean and the nearest-rank p50/p90/p99 of a sample (all null when empty). */
export interface Distribution {
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  avg: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** Tail figures of a sample: VaR_q = the q-quantile, CVaR_q = mean of the values ≥ VaR_q. */
export interface TailRisk {
  quantile: number;
  count: number;
  valueAtRisk: number | null;
  conditionalValueAtRisk: number | null;
}

export const ascending = (a: number, b: number) => a - b;

function rankIndex(q: number, n: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
  return Math.min(n - 1, Math.max(0, Math.ceil(q * n - 1e-9) - 1));
}

/** Nearest-rank q-quantile of an ascending sample; null when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[rankIndex(q, sorted.length)];
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort(ascending);
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: n,
    sum,
    min: n ? sorted[0] : null,
    max: n ? sorted[n - 1] : null,
    avg: n ? sum / n : null,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
  };
}

/**
 * VaR_q and CVaR_q (also called TVaR: E[X | X ≥ VaR_q]) of a sample of delays; `q` in (0, 1).
 * CVaR is the mean of every value at or above VaR_q, so CVaR ≥ VaR and CVaR = VaR when the tail is flat.
 */
export function tailRisk(values: readonly number[], q: number): TailRisk {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must be strictly between 0 and 1, got ${q}`);
  const sorted = [...values].sort(ascending);
  const v = quantileSorted(sorted, q);
  if (v === null) return { quantile: q, count: 0, valueAtRisk: null, conditionalValueAtRisk: null };
  let sum = 0;
  let k = 0;
  for (let i = sorted.length - 1; i >= 0 && sorted[i] >= v; i--) {
    sum += sorted[i];
    k++;
  }
  return { quantile: q, count: sorted.length, valueAtRisk: v, conditionalValueAtRisk: sum / k };
}

/** Population mean and standard deviation (divide by n, as L2BEAT's RunningStatistics does). */
export function meanStd(values: readonly number[]): { count: number; mean: number | null; std: number | null } {
  const n = values.length;
  if (n === 0) return { count: 0, mean: null, std: null };
  let s1 = 0;
  let s2 = 0;
  for (const v of values) {
    s1 += v;
    s2 += v * v;
  }
  return { count: n, mean: s1 / n, std: stdFromSums(n, s1, s2) };
}

/**
 * Population std from n, Σx and Σx². Computed as √(n·Σx² − (Σx)²) / n, which is exact in doubles
 * while the integer sums stay below 2^53 (true for intervals in seconds over 30 days).
 */
export function stdFromSums(n: number, s1: number, s2: number): number {
  const v = n * s2 - s1 * s1;
  return v <= 0 ? 0 : Math.sqrt(v) / n;
}
