import { describe, expect, it } from 'vitest';
import { DAY, detectAnomalies, intervalsOf, isAnomalous, summarizeLiveness, zScore } from './liveness.ts';

/** Independent reference: for each interval, mean/std over intervals ending in [e − 30d, e). */
function bruteForce(times: number[], from: number, to: number) {
  const iv = times.slice(1).map((t, i) => ({ start: times[i], end: t, d: t - times[i] }));
  const out: { end: number; z: number }[] = [];
  for (const x of iv) {
    if (x.end < from || x.end >= to) continue;
    const ref = iv.filter((y) => y.end >= x.end - 30 * DAY && y.end < x.end).map((y) => y.d);
    if (ref.length < 2) continue;
    const mean = ref.reduce((a, b) => a + b, 0) / ref.length;
    const std = Math.sqrt(ref.reduce((a, b) => a + (b - mean) ** 2, 0) / ref.length);
    const z = std > 0 ? (x.d - mean) / std : x.d > mean ? Infinity : 0;
    if (x.d > mean && z >= 15) out.push({ end: x.end, z });
  }
  return out;
}

describe('intervals', () => {
  it('are consecutive differences, zero for equal times', () => {
    expect(intervalsOf([10, 20, 20, 50])).toEqual([
      { start: 10, end: 20, duration: 10 },
      { start: 20, end: 20, duration: 0 },
      { start: 20, end: 50, duration: 30 },
    ]);
  });
  it('refuse unsorted input', () => {
    expect(() => intervalsOf([5, 4])).toThrow(/ascending/);
  });
});

describe('L2BEAT anomalies (z ≥ 15 against 30-day rolling mean/std)', () => {
  it('flags an outage among jittered 60 s intervals, with the hand-computed mean, std and z', () => {
    // 100 intervals alternating 50 s and 70 s (mean 60, std 10), then a 1 h outage, then normal again.
    const t: number[] = [1_700_000_000];
    for (let i = 0; i < 100; i++) t.push(t[t.length - 1] + (i % 2 ? 70 : 50));
    const outageStart = t[t.length - 1];
    t.push(outageStart + 3_600);
    for (let i = 0; i < 10; i++) t.push(t[t.length - 1] + 60);
    const { anomalies } = detectAnomalies(t, { from: 0, to: Infinity });
    expect(anomalies).toHaveLength(1);
    const [a] = anomalies;
    expect(a).toMatchObject({ start: outageStart, end: outageStart + 3_600, duration: 3_600, mean: 60, std: 10, samples: 100, open: false });
    expect(a.z).toBe((3_600 - 60) / 10);
    expect(anomalies.map((x) => ({ end: x.end, z: x.z }))).toEqual(bruteForce(t, 0, Infinity));
  });

  it('does not flag an interval with z just below 15, flags one at exactly 15', () => {
    const base = [0];
    for (let i = 0; i < 50; i++) base.push(base[base.length - 1] + (i % 2 ? 70 : 50));
    const last = base[base.length - 1];
    expect(detectAnomalies([...base, last + 60 + 149], { from: 0, to: Infinity }).anomalies).toHaveLength(0);
    expect(detectAnomalies([...base, last + 60 + 150], { from: 0, to: Infinity }).anomalies).toHaveLength(1);
  });

  it('uses only intervals that ended in the 30 days before, matching a brute force on random data', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const t = [1_600_000_000];
    for (let i = 0; i < 3_000; i++) {
      const r = rnd();
      t.push(t[t.length - 1] + (r < 0.002 ? 40_000 + Math.floor(rnd() * 100_000) : 600 + Math.floor(rnd() * 1_200)));
    }
    const from = t[500];
    const to = t[2_500];
    const { anomalies } = detectAnomalies(t, { from, to });
    const expected = bruteForce(t, from, to);
    expect(expected.length).toBeGreaterThan(0);
    expect(anomalies.map((x) => ({ end: x.end, z: x.z }))).toEqual(expected.map((e) => ({ end: e.end, z: expect.closeTo(e.z, 9) })));
  });

  it('gives z = +∞ when the reference intervals are all equal', () => {
    const t = [0, 60, 120, 180, 240, 900];
    const { anomalies } = detectAnomalies(t, { from: 0, to: Infinity });
    expect(anomalies).toEqual([{ start: 240, end: 900, duration: 660, mean: 60, std: 0, z: Infinity, samples: 4, open: false }]);
    expect(zScore(60, 60, 0)).toBe(0);
  });

  it('needs two reference intervals', () => {
    expect(detectAnomalies([0, 10, 100_000], { from: 0, to: Infinity }).anomalies).toEqual([]);
  });

  it('judges the gap still open now against the 30 days before now', () => {
    const t: number[] = [0];
    for (let i = 0; i < 20; i++) t.push(t[t.length - 1] + (i % 2 ? 70 : 50));
    const last = t[t.length - 1];
    const quiet = detectAnomalies(t, { from: 0, to: Infinity, now: last + 100 });
    expect(quiet.openGap).toMatchObject({ start: last, end: last + 100, duration: 100, mean: 60, std: 10, z: 4, open: true });
    expect(isAnomalous(quiet.openGap)).toBe(false);
    const stuck = detectAnomalies(t, { from: 0, to: Infinity, now: last + 210 });
    expect(stuck.openGap?.z).toBe(15);
    expect(isAnomalous(stuck.openGap)).toBe(true);
    expect(detectAnomalies(t, { from: 0, to: Infinity, now: last }).openGap).toBeNull();
    // Once the whole history is older than 30 days, the open gap has no reference: not an anomaly.
    const late = detectAnomalies(t, { from: 0, to: Infinity, now: last + 31 * DAY });
    expect(late.openGap?.samples).toBe(0);
    expect(isAnomalous(late.openGap)).toBe(false);
  });
});

describe('liveness summary', () => {
  it('counts submissions and intervals ending in the window', () => {
    const s = summarizeLiveness([0, 100, 160, 400, 1000], { from: 150, to: 1000, now: 1200 });
    expect(s.submissions).toBe(2);
    expect(s.intervals).toMatchObject({ count: 2, min: 60, max: 240, avg: 150, p50: 60 });
    expect(s.last).toBe(1000);
    expect(s.secondsSinceLast).toBe(200);
  });
});
