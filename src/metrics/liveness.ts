/**
 * Liveness of one submission kind (batches, state roots, proofs) from the L1 times of its
 * submissions. An interval is the time between two consecutive submissions; it belongs to the
 * submission that closes it (its `end`).
 *
 * Anomalies follow L2BEAT (AnomaliesIndexer): an interval of duration d ending at e is an anomaly
 * when d > mean and z = (d − mean) / std ≥ 15, where mean and std (population) are taken over the
 * intervals that ended in the 30 days before e, i.e. with end in [e − 30d, e) (the interval itself
 * excluded). rollscope uses exact seconds where L2BEAT rounds e to the minute, and needs at least
 * `minSamples` intervals in the reference window. When std = 0 and d > mean, z is +∞ (an anomaly).
 * The gap still open now (from the last submission to `now`) is judged the same way against the
 * 30 days before `now`.
 */
import { distribution, stdFromSums, type Distribution } from './stats.ts';

export const DAY = 86_400;
export const ANOMALY_WINDOW_SECONDS = 30 * DAY;
export const ANOMALY_Z_THRESHOLD = 15;

export interface Interval {
  start: number;
  end: number;
  duration: number;
}

export interface LivenessAnomaly {
  start: number;
  /** End of the gap; for an open gap, `now`. */
  end: number;
  duration: number;
  mean: number;
  std: number;
  /** +Infinity when std is 0. */
  z: number;
  /** Intervals in the reference window. */
  samples: number;
  /** Still open: no submission since `start`. */
  open: boolean;
}

export interface AnomalyOptions {
  windowSeconds?: number;
  zThreshold?: number;
  minSamples?: number;
}

/** Intervals between consecutive times (ascending input; equal times give 0-length intervals). */
export function intervalsOf(times: readonly number[]): Interval[] {
  const out: Interval[] = [];
  for (let i = 1; i < times.length; i++) {
    if (times[i] < times[i - 1]) throw new RangeError(`submission times must be ascending (index ${i}: ${times[i]} < ${times[i - 1]})`);
    out.push({ start: times[i - 1], end: times[i], duration: times[i] - times[i - 1] });
  }
  return out;
}

/** z-score of d against (mean, std); +∞ when std = 0 and d > mean, 0 when std = 0 and d ≤ mean. */
export function zScore(d: number, mean: number, std: number): number {
  if (std > 0) return (d - mean) / std;
  return d > mean ? Infinity : 0;
}

/**
 * Judges each interval closed within [from, to) and the gap open at `now` (if now is given and
 * lies after the last submission). `times` must hold every submission from `from − window` on,
 * plus the last one before it (so the first interval in range is known).
 */
export function detectAnomalies(
  times: readonly number[],
  { from, to, now }: { from: number; to: number; now?: number },
  opts: AnomalyOptions = {},
): { anomalies: LivenessAnomaly[]; openGap: LivenessAnomaly | null } {
  const W = opts.windowSeconds ?? ANOMALY_WINDOW_SECONDS;
  const threshold = opts.zThreshold ?? ANOMALY_Z_THRESHOLD;
  const minSamples = opts.minSamples ?? 2;
  const intervals = intervalsOf(times);
  const anomalies: LivenessAnomaly[] = [];

  // Sliding window [lo, hi) over intervals with end in [e − W, e): ends are ascending.
  let lo = 0;
  let hi = 0;
  let s1 = 0;
  let s2 = 0;
  const judge = (e: number): { n: number; mean: number; std: number } => {
    while (hi < intervals.length && intervals[hi].end < e) {
      const d = intervals[hi++].duration;
      s1 += d;
      s2 += d * d;
    }
    while (lo < hi && intervals[lo].end < e - W) {
      const d = intervals[lo++].duration;
      s1 -= d;
      s2 -= d * d;
    }
    const n = hi - lo;
    return { n, mean: n ? s1 / n : 0, std: n ? stdFromSums(n, s1, s2) : 0 };
  };

  for (const iv of intervals) {
    if (iv.end < from || iv.end >= to) continue;
    const { n, mean, std } = judge(iv.end);
    if (n < minSamples) continue;
    const z = zScore(iv.duration, mean, std);
    if (iv.duration > mean && z >= threshold) {
      anomalies.push({ start: iv.start, end: iv.end, duration: iv.duration, mean, std, z, samples: n, open: false });
    }
  }

  let openGap: LivenessAnomaly | null = null;
  const last = times.length ? times[times.length - 1] : undefined;
  if (now !== undefined && last !== undefined && now > last) {
    const { n, mean, std } = judge(now);
    const duration = now - last;
    openGap = { start: last, end: now, duration, mean, std, z: n >= minSamples ? zScore(duration, mean, std) : 0, samples: n, open: true };
  }
  return { anomalies, openGap };
}

/** True when an open gap qualifies as an anomaly under the same rule. */
export function isAnomalous(g: LivenessAnomaly | null, opts: AnomalyOptions = {}): boolean {
  if (!g) return false;
  return g.samples >= (opts.minSamples ?? 2) && g.duration > g.mean && g.z >= (opts.zThreshold ?? ANOMALY_Z_THRESHOLD);
}

export interface LivenessSummary {
  /** Submissions with time in [from, to). */
  submissions: number;
  /** Intervals whose end lies in [from, to). */
  intervals: Distribution;
  last: number | null;
  secondsSinceLast: number | null;
}

/** Counts and interval distribution over [from, to); `times` as for detectAnomalies. */
export function summarizeLiveness(times: readonly number[], { from, to, now }: { from: number; to: number; now: number }): LivenessSummary {
  const inWindow = intervalsOf(times).filter((iv) => iv.end >= from && iv.end < to).map((iv) => iv.duration);
  let submissions = 0;
  let last: number | null = null;
  for (const t of times) {
    if (t >= from && t < to) submissions++;
    if (t <= now) last = t;
  }
  return { submissions, intervals: distribution(inWindow), last, secondsSinceLast: last === null ? null : now - last };
}
