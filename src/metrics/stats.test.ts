import { describe, expect, it } from 'vitest';
import { distribution, meanStd, quantileSorted, stdFromSums, tailRisk } from './stats.ts';

describe('nearest-rank quantiles', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('picks the ⌈q·n⌉-th smallest value', () => {
    expect(quantileSorted(ten, 0.5)).toBe(5);
    expect(quantileSorted(ten, 0.9)).toBe(9); // 0.9·10 = 9.000000000000002 must count as 9
    expect(quantileSorted(ten, 0.99)).toBe(10);
    expect(quantileSorted(ten, 0.91)).toBe(10);
    expect(quantileSorted(ten, 0)).toBe(1);
    expect(quantileSorted(ten, 1)).toBe(10);
    expect(quantileSorted([7], 0.5)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNull();
  });
  it('is exact for 100 values at p29, p90, p99', () => {
    const h = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantileSorted(h, 0.29)).toBe(29);
    expect(quantileSorted(h, 0.9)).toBe(90);
    expect(quantileSorted(h, 0.99)).toBe(99);
  });
  it('rejects quantiles outside [0, 1]', () => {
    expect(() => quantileSorted(ten, 1.5)).toThrow(RangeError);
    expect(() => quantileSorted(ten, Number.NaN)).toThrow(RangeError);
  });
});

describe('distribution', () => {
  it('summarises an unsorted sample', () => {
    expect(distribution([30, 10, 20, 40])).toEqual({ count: 4, sum: 100, min: 10, max: 40, avg: 25, p50: 20, p90: 40, p99: 40 });
  });
  it('is all null for no values', () => {
    expect(distribution([])).toEqual({ count: 0, sum: 0, min: null, max: null, avg: null, p50: null, p90: null, p99: null });
  });
});

describe('VaR / CVaR', () => {
  it('VaR is the nearest-rank quantile and CVaR the mean of the values at or above it', () => {
    const v = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
    expect(tailRisk(v, 0.9)).toEqual({ quantile: 0.9, count: 10, valueAtRisk: 900, conditionalValueAtRisk: 950 });
    expect(tailRisk(v, 0.5)).toEqual({ quantile: 0.5, count: 10, valueAtRisk: 500, conditionalValueAtRisk: (500 + 600 + 700 + 800 + 900 + 1000) / 6 });
    expect(tailRisk(v, 0.99).conditionalValueAtRisk).toBe(1000);
  });
  it('counts ties at VaR in the tail', () => {
    expect(tailRisk([1, 5, 5, 5, 9], 0.5)).toMatchObject({ valueAtRisk: 5, conditionalValueAtRisk: (5 + 5 + 5 + 9) / 4 });
  });
  it('is null on an empty sample and rejects q outside (0, 1)', () => {
    expect(tailRisk([], 0.99)).toEqual({ quantile: 0.99, count: 0, valueAtRisk: null, conditionalValueAtRisk: null });
    expect(() => tailRisk([1], 1)).toThrow(RangeError);
    expect(() => tailRisk([1], 0)).toThrow(RangeError);
  });
});

describe('population mean and std', () => {
  it('divides by n', () => {
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ count: 8, mean: 5, std: 2 });
    expect(meanStd([])).toEqual({ count: 0, mean: null, std: null });
    expect(meanStd([3, 3, 3]).std).toBe(0);
  });
  it('stays exact for large integer sums', () => {
    const xs = Array.from({ length: 43_200 }, (_, i) => 60 + (i % 3));
    const s1 = xs.reduce((a, b) => a + b, 0);
    const s2 = xs.reduce((a, b) => a + b * b, 0);
    expect(stdFromSums(xs.length, s1, s2)).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });
});
