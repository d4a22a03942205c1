/**
 * eth_getLogs over block ranges that adapt to the provider: shrink on range-limit errors
 * ("query returned more than 10000 results", "block range too large", oversize answers), grow
 * while answers stay small. Each call asks, in the same JSON-RPC batch (one node), for the header
 * of the range's last block: a node that does not have it lags and may have returned too few logs.
 */
import type { Address, Hex } from '../rollups/types.ts';
import type { RawLog } from '../stacks/types.ts';
import { ChainError, RangeLimitError } from './errors.ts';
import { toHeader } from './blocks.ts';
import { parseLogs, toQuantity, type BlockHeader } from './format.ts';
import type { RpcClient } from './rpc.ts';
import { LogColumns, scanLogsAnswer, scanLogsAnswerColumns, scannedLogs } from './logs-scan.ts';

export interface LogFilter {
  /** Empty/undefined = any address (then `topics` must narrow it). */
  addresses?: Address[];
  /** topic0 alternatives. */
  topics: Hex[];
}

export interface LogRange {
  fromBlock: number;
  toBlock: number;
  /** The logs in block/log order; empty when they are in `columns`. */
  logs: RawLog[];
  /**
   * With `opts.columns`, when the answer was scanned: the logs, checked like `logs` and in order,
   * for the caller to turn into RawLogs a slice at a time.
   */
  columns?: LogColumns;
  /** Header of toBlock, from the node that answered the logs. */
  toHeader: BlockHeader;
}

/** Fetches logs of exactly [fromBlock, toBlock] (throws RangeLimitError when the node refuses it). */
/** Answers above this are abandoned and the span shrunk (a single block is always accepted). */
export const MAX_LOGS_RESPONSE_BYTES = 16 * 1024 * 1024;

/** `beforeParse`: awaited with the answer's size before it is parsed (see BatchOptions). */
export interface LogsOptions {
  beforeParse?: (bytes: number) => Promise<void> | void;
  /** Return a scanned answer's logs as LogRange.columns instead of RawLogs. */
  columns?: boolean;
}

export async function getLogsInRange(rpc: RpcClient, filter: LogFilter, fromBlock: number, toBlock: number, opts: LogsOptions = {}): Promise<LogRange> {
  const where = { chainId: rpc.chainId, fromBlock, toBlock };
  const params: Record<string, unknown> = { fromBlock: toQuantity(fromBlock), toBlock: toQuantity(toBlock), topics: [filter.topics] };
  if (filter.addresses && filter.addresses.length > 0) params.address = filter.addresses;
  const [rawLogs, rawHeader] = await rpc.batch([
    { method: 'eth_getLogs', params: [params] },
    { method: 'eth_getBlockByNumber', params: [toQuantity(toBlock), false] },
  ], { maxResponseBytes: toBlock > fromBlock ? MAX_LOGS_RESPONSE_BYTES : undefined, parseBytes: opts.columns ? scanLogsAnswerColumns : scanLogsAnswer, beforeParse: opts.beforeParse });
  const header = toHeader(rawHeader, toBlock, rpc.chainId);
  const addressSet = filter.addresses && filter.addresses.length > 0 ? new Set(filter.addresses.map((a) => a.toLowerCase())) : undefined;
  const topicSet = new Set(filter.topics.map((t) => t.toLowerCase()));
  /** Every log must lie in the range, match the filter, and (in toBlock) carry the header's hash. */
  const check = (blockNumber: number, address: string, topic0: string, blockHash: string) => {
    if (blockNumber < fromBlock || blockNumber > toBlock) throw new ChainError('log outside the requested range', { kind: 'inconsistent', what: 'eth_getLogs', where: { ...where, log: blockNumber }, expected: 'logs within the range' });
    if (addressSet && !addressSet.has(address)) throw new ChainError('log of an address not asked for', { kind: 'inconsistent', what: 'eth_getLogs', where: { ...where, address }, expected: 'logs of the filter' });
    if (!topicSet.has(topic0)) throw new ChainError('log of a topic not asked for', { kind: 'inconsistent', what: 'eth_getLogs', where: { ...where, topic: topic0 }, expected: 'logs of the filter' });
    if (blockNumber === toBlock && blockHash !== header.hash) {
      throw new ChainError('log blockHash differs from the header of its block', { kind: 'inconsistent', what: 'eth_getLogs', where: { ...where, block: toBlock }, expected: header.hash });
    }
  };
  if (rawLogs instanceof LogColumns) {
    // The strings read for the check die with it: no RawLog is made here.
    const c = rawLogs;
    for (let i = 0; i < c.count; i++) {
      const n = c.blockNumber(i);
      check(n, addressSet ? c.address(i) : '', c.topic0(i), n === toBlock ? c.blockHash(i) : '');
    }
    if (c.inPosition()) return { fromBlock, toBlock, logs: [], columns: c, toHeader: header };
    const logs = c.slice(0, c.count).sort(byPosition);
    c.release();
    return { fromBlock, toBlock, logs, toHeader: header };
  }
  // The scan validated its logs already; anything else is validated here.
  const logs = scannedLogs.has(rawLogs as RawLog[]) ? (rawLogs as RawLog[]) : parseLogs(rawLogs, 'eth_getLogs', where);
  for (const l of logs) check(l.blockNumber, l.address, (l.topics[0] ?? '').toLowerCase(), l.blockHash);
  if (!inPosition(logs)) logs.sort(byPosition);
  return { fromBlock, toBlock, logs, toHeader: header };
}

/** Nodes answer in block/log order: checking is cheaper than sorting. */
export function inPosition(logs: readonly RawLog[]): boolean {
  for (let i = 1; i < logs.length; i++) if (byPosition(logs[i - 1]!, logs[i]!) > 0) return false;
  return true;
}

export const byPosition = (a: { blockNumber: number; logIndex: number }, b: { blockNumber: number; logIndex: number }) =>
  a.blockNumber - b.blockNumber || a.logIndex - b.logIndex;

/**
 * Picks the next eth_getLogs span. Starts at `initial`, halves on range limits (or jumps to the
 * provider's suggestion), doubles while a range returned fewer than targetLogs/4 logs, halves when
 * it returned more than targetLogs. Shared by all jobs of one (chain, filter) in a process.
 *
 * A refused span (or, with a suggestion, anything above the suggested span) is remembered as a
 * ceiling that growth stays below until `relaxAfter` answers in a row came back without a limit
 * (then the ceiling doubles): on a chain whose log density varies from block to block, growing
 * back into a refused span costs a whole oversize answer (produced by the node, then dropped)
 * each time.
 *
 * `take` hands out spans to concurrent callers: a span larger than every span answered since the
 * last limit is a probe, and only one probe is out at a time (the others wait for its outcome), so
 * two jobs do not both make the node build an oversize answer for the same lesson.
 */
export interface RangeSizer {
  span(): number;
  /** A span of at most maxSpan to ask now; call `done` when its answer (or failure) is handled. */
  take(maxSpan: number): Promise<{ span: number; done: () => void }>;
  onResult(span: number, logCount: number): void;
  onLimit(span: number, suggestedSpan?: number): void;
}

export function createRangeSizer({ initial = 2_000, min = 1, max = 100_000, targetLogs = 10_000, relaxAfter = 32 } = {}): RangeSizer {
  let current = initial;
  let ceiling = Infinity;
  let clean = 0;
  /** Largest span answered since the last limit; a larger one is a probe. */
  let proven = 0;
  let probe: Promise<void> | undefined;
  /** Every span handed out or set lies in [min, max] and below the ceiling. */
  const bound = (span: number) => Math.max(min, Math.min(max, span, ceiling - 1));
  return {
    span: () => current,
    async take(maxSpan) {
      for (;;) {
        const span = Math.max(1, Math.min(current, maxSpan));
        if (span <= proven) return { span, done: () => {} };
        if (!probe) {
          let finish!: () => void;
          probe = new Promise<void>((resolve) => { finish = resolve; });
          return { span, done: () => { probe = undefined; finish(); } };
        }
        await probe;
      }
    },
    onResult(span, logCount) {
      proven = Math.max(proven, span);
      if (ceiling !== Infinity && ++clean >= relaxAfter) {
        ceiling = ceiling * 2 > max ? Infinity : ceiling * 2;
        clean = 0;
      }
      // Answers to spans asked before a limit arrived may come back after it: judged, not adopted.
      if (logCount > targetLogs) current = bound(Math.floor(span / 2));
      else if (logCount < targetLogs / 4 && span >= current) current = bound(span * 2);
      else current = bound(current);
    },
    onLimit(span, suggestedSpan) {
      const suggested = suggestedSpan && suggestedSpan < span ? suggestedSpan : undefined;
      ceiling = Math.min(ceiling, span, suggested === undefined ? span : suggested + 1);
      clean = 0;
      proven = 0;
      current = bound(suggested ?? Math.floor(span / 2));
    },
  };
}

/**
 * The span a refusal of [fromBlock, fromBlock + span) points to, if any: the provider's suggested
 * range first; else, for an answer refused by its declared size, the span that size allows, halved
 * for margin (one step instead of halving through oversize answers the node builds each time).
 */
export function spanAfterLimit(err: RangeLimitError, fromBlock: number, span: number): number | undefined {
  if (err.suggestedTo !== undefined && err.suggestedTo >= fromBlock) return err.suggestedTo - fromBlock + 1;
  if (err.answerBytes && err.maxBytes) return Math.max(1, Math.floor((span * err.maxBytes) / err.answerBytes / 2));
  return undefined;
}

/**
 * Logs of [fromBlock, ≤ toBlock] with one adaptive call: returns the range actually covered
 * (it may end before toBlock). Range limits shrink the span and retry until a single block.
 */
export async function getLogsAdaptive(rpc: RpcClient, filter: LogFilter, fromBlock: number, toBlock: number, sizer: RangeSizer, opts: LogsOptions = {}): Promise<LogRange> {
  for (;;) {
    const { span, done } = await sizer.take(toBlock - fromBlock + 1);
    const end = fromBlock + span - 1;
    try {
      const range = await getLogsInRange(rpc, filter, fromBlock, end, opts);
      sizer.onResult(span, range.columns?.count ?? range.logs.length);
      return range;
    } catch (err) {
      if (err instanceof RangeLimitError && span > 1) {
        sizer.onLimit(span, spanAfterLimit(err, fromBlock, span));
        continue;
      }
      throw err;
    } finally {
      done();
    }
  }
}
