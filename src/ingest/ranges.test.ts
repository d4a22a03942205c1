import { describe, expect, it } from 'vitest';
import { contiguousFrontier, coveredCount, gaps, mergeRanges, splitAligned } from './ranges.ts';
import { planJobs } from './plan.ts';
import type { BoundSource } from './sources.ts';

describe('block range arithmetic', () => {
  it('merges overlapping and adjacent ranges', () => {
    expect(mergeRanges([[5, 9], [0, 3], [4, 4], [20, 30], [25, 26]])).toEqual([[0, 9], [20, 30]]);
  });
  it('finds the gaps of a target range', () => {
    expect(gaps([[0, 9], [20, 30]], 0, 40)).toEqual([[10, 19], [31, 40]]);
    expect(gaps([[0, 9], [20, 30]], 5, 25)).toEqual([[10, 19]]);
    expect(gaps([], 3, 2)).toEqual([]);
    expect(gaps([[0, 100]], 10, 20)).toEqual([]);
  });
  it('computes the contiguous frontier and covered counts', () => {
    expect(contiguousFrontier([[0, 9], [10, 12], [20, 30]], 0)).toBe(12);
    expect(contiguousFrontier([[5, 9]], 0)).toBe(-1);
    expect(coveredCount([[0, 9], [20, 30]], 5, 25)).toBe(5 + 6);
  });
  it('splits at aligned chunk boundaries so the same work has the same job id', () => {
    expect(splitAligned([[95, 205]], 100)).toEqual([
      { chunk: 0, range: [95, 99] }, { chunk: 1, range: [100, 199] }, { chunk: 2, range: [200, 205] },
    ]);
  });
  it('plans parallel chunks for log sources and only the first gap for ordered sources', () => {
    const src = (key: string, sequential: boolean) => ({ key, chainId: 1, sequential, source: { kind: sequential ? 'transactions' : 'logs', fromBlock: 0 } }) as unknown as BoundSource;
    const jobs = planJobs({ bound: [src('a', false), src('b', true)], done: new Map([['a', [[0, 150]]]]), tip: 1_000, spanOf: () => 100, maxOutstanding: 3 });
    expect(jobs.filter((j) => j.data.source === 'a').map((j) => j.data.chunk)).toEqual([1, 2, 3]);
    expect(jobs.filter((j) => j.data.source === 'b').map((j) => [j.id, j.data.chunk])).toEqual([['range|b|ordered', -1]]);
    expect(jobs[0].id).toBe('range|a|100|1');
  });
});
