/**
 * Planning: which range jobs should exist now. Recomputed from sync_ranges on every head tick, so
 * it heals itself (a lost queue, a failed job) without bookkeeping of what was enqueued. Chunks
 * are aligned to multiples of the source's span, so the same work always has the same job id and
 * BullMQ drops re-adds of jobs still waiting or running.
 */
import type { Queryable } from '../db/client.ts';
import { gaps, splitAligned, type BlockRange } from './ranges.ts';
import type { BoundSource } from './sources.ts';

export interface RangeJobData {
  type: 'range';
  chainId: number;
  source: string;
  /**
   * Chunk k covers [k·span, (k+1)·span − 1] ∩ [source.fromBlock, min(source.toBlock, tip)].
   * SEQUENTIAL (−1): an ordered source's single job, from its frontier up to the tip.
   */
  chunk: number;
  span: number;
}

export interface HeadJobData {
  type: 'head';
  chainId: number;
}

export type IngestJobData = RangeJobData | HeadJobData;

export interface PlannedJob {
  id: string;
  data: RangeJobData;
  /** Reaches unfinalized blocks (head following): runs before backfill jobs. */
  urgent?: boolean;
}

export const SEQUENTIAL = -1;

export const rangeJobId = (source: string, span: number, chunk: number) =>
  chunk === SEQUENTIAL ? `range|${source.replace(/:/g, '/')}|ordered` : `range|${source.replace(/:/g, '/')}|${span}|${chunk}`;

export async function loadDoneRanges(db: Queryable, chainId: number): Promise<Map<string, BlockRange[]>> {
  const rows = await db.query<{ source: string; from_block: number; to_block: number }>(
    `select source, from_block, to_block from sync_ranges where chain_id = $1 order by source, from_block`, [chainId],
  );
  const out = new Map<string, BlockRange[]>();
  for (const r of rows) {
    const list = out.get(r.source) ?? [];
    list.push([Number(r.from_block), Number(r.to_block)]);
    out.set(r.source, list);
  }
  return out;
}

export function planJobs({ bound, done, tip, finalized = tip, spanOf, maxOutstanding }: {
  bound: readonly BoundSource[];
  done: Map<string, BlockRange[]>;
  tip: number;
  finalized?: number;
  spanOf: (b: BoundSource) => number;
  /** Chunks planned per parallel source at a time (in block order). */
  maxOutstanding: number;
}): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  for (const b of bound) {
    const target = Math.min(b.source.toBlock ?? Infinity, tip);
    if (target < b.source.fromBlock) continue;
    const span = spanOf(b);
    const missing = gaps(done.get(b.key) ?? [], b.source.fromBlock, target);
    if (b.sequential) {
      // One job per ordered source at a time (its id is fixed), walking from the frontier to the tip.
      if (missing.length > 0) jobs.push({ id: rangeJobId(b.key, span, SEQUENTIAL), data: { type: 'range', chainId: b.chainId, source: b.key, chunk: SEQUENTIAL, span }, urgent: missing[0][1] > finalized });
      continue;
    }
    const chunks = splitAligned(missing, span);
    const seen = new Set<number>();
    for (const { chunk, range } of chunks) {
      if (seen.has(chunk)) continue;
      seen.add(chunk);
      jobs.push({ id: rangeJobId(b.key, span, chunk), data: { type: 'range', chainId: b.chainId, source: b.key, chunk, span }, urgent: range[1] > finalized });
      if (seen.size >= maxOutstanding) break;
    }
    // The head region is always planned, even behind a long backfill.
    const last = chunks[chunks.length - 1];
    if (last && !seen.has(last.chunk) && last.range[1] > finalized) {
      jobs.push({ id: rangeJobId(b.key, span, last.chunk), data: { type: 'range', chainId: b.chainId, source: b.key, chunk: last.chunk, span }, urgent: true });
    }
  }
  return jobs;
}
