/**
 * Decoding a range a slice at a time (LogSource.sliceBefore): RawLogs of about DECODE_SLICE_LOGS
 * logs are made and decoded in order, so that a slice's logs and rows die in the young generation
 * instead of a whole answer's being copied into the old one. One carry per range
 * (DecodeContext.carry) holds what relates a log to one in a later slice. Each slice is a turn of
 * the event loop, so other jobs' I/O (commits, answers) is served while a dense range decodes.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RollupDefinition } from '../rollups/types.ts';
import type { DecodeContext, Facts, RawLog, SourceBatch, StackIndexer } from '../stacks/types.ts';

/**
 * Logs per decode slice (a slice ends only before a sliceBefore log, so it may hold more): small
 * enough that a slice's logs and rows die in the young generation.
 */
export const DECODE_SLICE_LOGS = 1_000;

/** A range's logs, however they are held: RawLogs, or positions in an answer (LogColumns). */
export interface LogsView {
  count: number;
  /** Lowercase topic0 of log i ('' without topics). */
  topic0(i: number): string;
  /** RawLogs of logs [start, end). */
  slice(start: number, end: number): RawLog[];
}

export const viewOf = (logs: RawLog[]): LogsView => ({
  count: logs.length,
  topic0: (i) => (logs[i]!.topics[0] ?? '').toLowerCase(),
  slice: (start, end) => (start === 0 && end === logs.length ? logs : logs.slice(start, end)),
});

/**
 * [start, end) bounds of slices of about `size` of `count` logs (in order), each cut before a log
 * where `cutBefore(i)` holds. No logs: one empty slice, so the decoder is still called once.
 */
export function sliceBounds(count: number, size: number, cutBefore: (i: number) => boolean): [number, number][] {
  if (count === 0) return [[0, 0]];
  const out: [number, number][] = [];
  let start = 0;
  while (start < count) {
    let end = Math.min(count, start + size);
    while (end < count && !cutBefore(end)) end++;
    out.push([start, end]);
    start = end;
  }
  return out;
}

/**
 * Decodes `batch` with its logs taken from `logs`: slice by slice where batch.source allows it
 * (SourceBatch.more set, one carry for the range), else whole. Yields each slice's facts, in order.
 */
export async function* decodeInSlices<D extends RollupDefinition>(
  stack: StackIndexer<D>, rollup: D, batch: SourceBatch, logs: LogsView, ctx: DecodeContext, size = DECODE_SLICE_LOGS,
): AsyncGenerator<Facts> {
  const { source } = batch;
  const cut = source.kind === 'logs' && source.sliceBefore ? new Set(source.sliceBefore.map((t) => t.toLowerCase())) : undefined;
  const bounds = cut ? sliceBounds(logs.count, size, (i) => cut.has(logs.topic0(i))) : [[0, logs.count] as [number, number]];
  if (bounds.length === 1) {
    yield await stack.decode(rollup, { ...batch, logs: logs.slice(0, logs.count) }, ctx);
    return;
  }
  const sliceCtx = { ...ctx, carry: new Map<string, unknown>() };
  for (let k = 0; k < bounds.length; k++) {
    // Between slices the event loop runs: a dense range decodes for a few hundred ms, and another
    // job's commit (a dozen round trips to Postgres) would otherwise wait for all of it per reply.
    if (k > 0) await nextTurn();
    yield await stack.decode(rollup, { ...batch, logs: logs.slice(bounds[k]![0], bounds[k]![1]), more: k < bounds.length - 1 }, sliceCtx);
  }
}
